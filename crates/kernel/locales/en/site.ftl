# The pages every public service has: privacy, terms, accessibility, contact, sitemap.
# Each line is a paragraph, lines starting with "- " make a list, and [words](/path) is a link inside the site.

## footer and common
site-footer-nav = About this site
site-contents = Contents

## privacy policy
site-privacy-title = Privacy policy
site-privacy-lead =
    The City of Nagoya (“the City”) handles the personal information it receives through the online counter for administrative procedures (“the Service”) properly, as set out below, in accordance with the Act on the Protection of Personal Information (Act No. 57 of 2003, “the Act”) and the Nagoya City Ordinance for the Enforcement of the Act on the Protection of Personal Information.
site-privacy-collected-h = 1. What we collect
site-privacy-collected =
    The Service collects the following personal information.
    - Your account: your name, your e-mail address, your password (stored only in a form that cannot be turned back into it) and, if you register a passkey, its public key.
    - Your applications and their attachments: what you enter in an application (such as your address, date of birth and contact details) and the documents you upload.
    - Fee payments: the amount, the method, the time and the payment company's transaction number. Card numbers are entered on the payment company's page; the City never receives them.
    - Records of use: the IP address you connect from, times, the pages you open, successful and failed sign-ins, and records of staff opening an application.
    - E-mail: the address and text of the messages the Service sends you.
site-privacy-purposes-h = 2. Why we use it
site-privacy-purposes =
    We use personal information only as far as needed to:
    - receive, examine, decide and give notice of the procedures you apply for;
    - contact you and confirm that you are who you say you are;
    - collect and refund fees;
    - prevent misuse and run the Service securely;
    - produce statistics that cannot identify anyone (such as the progress of online procedures).
    Except where a law allows it, we do not use or provide personal information for any other purpose (Article 69 of the Act).
site-privacy-kept-h = 3. How long we keep it
site-privacy-kept =
    We keep personal information for the periods below and erase it once they have passed.
    - Applications and their attachments: the retention period set for each procedure ({ $years } years for procedures that set none), counted from 1 April of the fiscal year after the one in which the case ended. When it has passed, the answers, attachments and staff's internal notes are erased; only what statistics need (the receipt number, the procedure, the dates) is kept.
    - Applications saved part-way (drafts): { $draft_days } days after they were last saved.
    - Uploaded files not used in any application: { $upload_days } days after upload.
    - E-mail sent to you: { $mail_days } days after sending.
    - Failed sign-ins: { $failure_days } day.
    - Being signed in: ends { $resident_hours } hours after you sign in ({ $staff_hours } hours for staff).
    - Your account: until you ask us to delete it. The Service has no way yet to delete an account yourself, so please ask at the [contact](/contact) point.
    - Fee payments: kept as accounting records. The Service does not yet set a date for erasing them.
    - Records of staff opening applications and of changes to applications (the audit records): kept without a time limit, so that misuse can be investigated.
    - The server's operating records (IP address, time, page): kept according to the City's rules for the systems it runs.
site-privacy-who-h = 4. Who can see it
site-privacy-who =
    - Staff of the section handling a procedure, for the applications to that procedure only. Staff of other sections cannot see them.
    - Staff of the Digital Transformation Promotion Division (General Affairs Bureau), as far as needed to run the Service and produce statistics.
    - Companies the City contracts to operate and maintain the Service, bound by contract to security measures and confidentiality (Article 66(2) of the Act).
    - Payment companies, which receive the amount and a transaction number when you pay a fee.
    Except where a law allows it, we do not give personal information to anyone else without your consent.
site-privacy-basis-h = 5. Legal basis
site-privacy-basis =
    The City handles personal information under the Act on the Protection of Personal Information and the Nagoya City Ordinance for the Enforcement of the Act on the Protection of Personal Information. The legal basis for collecting information is set for each procedure by an act, ordinance or rule, shown as “Legal basis” on the procedure's page.
site-privacy-security-h = 6. How we protect it
site-privacy-security =
    - Connections are encrypted.
    - Application answers and attachments are stored encrypted.
    - Staff sign in with two-step verification, and every time staff open an application is recorded.
    - Staff can see only the applications of their own section.
site-privacy-cookies-h = 7. Cookies
site-privacy-cookies =
    The Service uses only these two cookies. It uses no cookies for advertising or for analysing your browsing.
    - A cookie that keeps you signed in: it stops working when you sign out, or { $resident_hours } hours after you sign in.
    - A cookie that stops other sites from sending forms in your name: it lasts a year and holds nothing that identifies you.
site-privacy-requests-h = 8. Asking to see, correct or stop the use of your information
site-privacy-requests =
    Under the Act you may ask the City to disclose (Article 76), correct (Article 90) or stop using (Article 98) the personal information it holds about you.
    You can see the status and content of your applications at any time on [my page](/my). To make a request, ask at the [contact](/contact) point how to proceed.
site-privacy-changes-h = 9. Changes to this policy
site-privacy-changes =
    This policy may change when laws or the Service change. Any change will be announced on this page.

## terms of use
site-terms-title = Terms of use
site-terms-lead =
    These terms govern the use of the online counter for administrative procedures (“the Service”) provided by the City of Nagoya (“the City”).
site-terms-scope-h = Article 1. Scope
site-terms-scope =
    These terms apply to everyone who uses the Service (“users”). By using the Service, you agree to them.
    Where an act, ordinance or rule provides otherwise for a procedure, that provision prevails.
site-terms-service-h = Article 2. What the Service offers
site-terms-service =
    With the Service you can:
    - find the City's procedures and read what they involve, what documents they need and which section handles them;
    - apply online and follow your applications;
    - pay fees and receive notices;
    - see the progress of the City's online procedures and its data.
site-terms-account-h = Article 3. Accounts
site-terms-account =
    - Create your account with accurate information.
    - Keep your password safe yourself and do not let anyone else use it.
    - If your account may have been misused, change your password at once and tell the City.
site-terms-applying-h = Article 4. Applications
site-terms-applying =
    - Apply only for yourself or for someone you are authorised to act for, and only with true information.
    - An application reaches the City when its receipt number is shown.
    - Receiving an application does not promise a permission or decision. Applications are examined under the laws and rules of each procedure.
    - The City may contact you or ask for documents to check an application.
site-terms-forbidden-h = Article 5. What you must not do
site-terms-forbidden =
    Users must not:
    - make false applications or apply in someone else's name;
    - enter or try to see another person's personal information without their consent;
    - access the Service without authorisation, put an excessive load on it or disrupt its operation;
    - act against the law, public order or morals.
site-terms-interruptions-h = Article 6. Interruptions
site-terms-interruptions =
    The City may stop all or part of the Service for maintenance, faults, disasters or other unavoidable reasons. Whenever possible, stops are announced on this site beforehand.
    If the Service is unavailable for a procedure with a deadline, please go to the section's counter or apply by post.
site-terms-liability-h = Article 7. Liability
site-terms-liability =
    The City is not liable for damage to users caused by reasons for which the City is not responsible, such as faults in communication lines or in users' own devices.
site-terms-content-h = Article 8. Using the content
site-terms-content =
    The City holds the copyright in the text of this site. Data published as open data may be used freely under the terms shown on its page.
site-terms-changes-h = Article 9. Changes and governing law
site-terms-changes =
    The City may change these terms when necessary. Any change will be announced on this page.
    These terms are governed by the laws of Japan, and the Nagoya District Court has jurisdiction in the first instance over any dispute about the Service.

## accessibility statement
site-a11y-title = Accessibility statement
site-a11y-lead =
    The City of Nagoya works to make the Service usable by everyone, including older people, people with disabilities and people whose first language is not Japanese.
site-a11y-policy-h = Policy
site-a11y-policy =
    The Service is designed and tested to the Japanese Industrial Standard JIS X 8341-3:2016, “Guidelines for older persons and persons with disabilities — Information and communications equipment, software and services — Part 3: Web content”.
site-a11y-target-h = Target conformance level
site-a11y-target =
    The target is conformance with level AA of JIS X 8341-3:2016 (which includes the level A and AA success criteria of WCAG 2.1).
site-a11y-scope-h = Scope
site-a11y-scope =
    All the Service's pages for residents (finding and reading about procedures, applying, my page, online progress, open data and the pages every site has, this one included) and the staff sign-in pages.
    All eight languages: Japanese, easy Japanese, English, Chinese, Korean, Portuguese, Vietnamese and Tagalog.
site-a11y-method-h = How we test
site-a11y-method =
    - Each page type is tested automatically with axe-core in a real browser (Chromium) against the level A and AA criteria of WCAG 2.1.
    - Each page is tested in all eight languages, at a phone's width (320 pixels) and at a computer's width.
    - A separate test checks that an application can be made from start to finish with the keyboard alone.
    - What automated tests cannot check (whether text alternatives are apt, the reading order and so on) is being reviewed by people.
site-a11y-results-h = Results
site-a11y-results =
    The latest automated results, by page type. “Violations” counts the violations found in all languages and widths together.
site-a11y-results-caption = Tool: { $tool }. Tested on: { $date }. Languages: { $languages }. Widths: { $viewports }.
site-a11y-results-table = Automated test results by page type
site-a11y-page-type = Page type
site-a11y-test-date = Tested on
site-a11y-checks = Checks
site-a11y-violations = Violations
site-a11y-known-h = Tell us about problems
site-a11y-known =
    If anything in the Service is hard to use or cannot be read, please tell us at the [contact](/contact) point.

## contact
site-contact-title = Contact
site-contact-lead =
    Please contact the right place for your question.
site-contact-procedures-h = About a procedure
site-contact-procedures =
    For what a procedure involves, the documents it needs or how your application is going, please ask the section that handles it. Open the procedure's page from the [list of procedures](/procedures): the section is shown under “Handled by”.
    After applying, please quote your receipt number. You can find it in the list of applications on [my page](/my).
site-contact-general-h = About using the Service
site-contact-general =
    If you cannot sign in or are not sure how to use a page, please contact:
site-contact-name-label = Office
site-contact-name = Digital Transformation Promotion Division, General Affairs Bureau, City of Nagoya
site-contact-phone-label = Phone
site-contact-hours-label = Hours
site-contact-hours = Weekdays 8:45 a.m. to 5:15 p.m. (closed on Saturdays, Sundays, national holidays and over the New Year)
site-contact-demo-note = This phone number and these hours are demo values; the number does not connect. A real deployment shows the contact point the city sets.
site-contact-personal-h = About personal information
site-contact-personal =
    To ask to see, correct or stop the use of your personal information, please read the [privacy policy](/privacy) and contact the office above.

## sitemap
site-sitemap-title = Sitemap
site-sitemap-lead =
    The pages of the Service.
site-sitemap-procedures = Procedures
site-sitemap-all-procedures = All procedures
site-sitemap-progress = Online-ization
site-sitemap-account = Your account
site-sitemap-about = About this site
site-sitemap-xml = Sitemap for search engines (XML)

## progress page: plan and actual
progress-plan = Plan
progress-actual = Actual
progress-series = Plan / actual
progress-plan-actual-intro = “Plan” counts each procedure from the fiscal year the plan set for putting it online; “actual” counts it from the fiscal year it really became possible to apply online.
progress-actual-so-far = The actual figures for { $year } are for a year still in progress (as of { $date }).
progress-actual-not-yet = not yet
progress-change-plan = Change from the previous year (plan)
progress-change-actual = Change from the previous year (actual)
progress-chart-overall-procedures = Progress overall (indicator ② procedures, plan and actual)
progress-chart-overall-cases = Progress overall (indicator ① annual cases, plan and actual)
progress-chart-categories-year = Progress by category (indicator ② procedures, end of { $year }, plan and actual)
progress-chart-bureaus-both = Progress by bureau (indicator ① annual cases, end of { $year }, plan and actual, highest actual first)
