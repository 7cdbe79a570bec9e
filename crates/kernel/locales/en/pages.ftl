# Resident pages (English)

## layout
layout-online-counter = Online Counter
layout-skip-main-content = Skip to main content
layout-main-menu = Main menu
layout-language = Language
layout-madoguchi-open-source-online = madoguchi — open-source online counter for city procedures

## common
common-find-procedure = Find a procedure
common-category = Category
common-tags = Tags
common-are-here = You are here
common-there-problem = There is a problem
common-e-mail-address = E-mail address
common-password = Password
common-sign = Sign in
common-name = Name
common-new-password = New password
common-at-least-10-characters = At least 10 characters.

## error
error-back-list-procedures = Back to the list of procedures

## catalog
catalog-there-problem-with-search = There is a problem with the search
catalog-keywords-japanese-english = Keywords (Japanese or English)
catalog-narrow-down = Narrow down
catalog-narrow-down-2 = Narrow down
catalog-all = All
catalog-life-event = Life event
catalog-bureau = Bureau
catalog-tag = Tag
catalog-only-procedures-available-online = Only procedures available online
catalog-search = Search
catalog-popular-tags = Popular tags
catalog-no-procedure-matched-try = No procedure matched. Try fewer or shorter words.
catalog-did-you-mean = Did you mean:
catalog-showing-corrected = Nothing matched the words as typed; showing results for:
catalog-partial-match = No procedure has all the words; showing procedures with some of them.
catalog-pages = Pages
catalog-previous-page = Previous page
catalog-next-page = Next page

## procedure
procedure-apply-online = Apply online
procedure-handled-by = Handled by
procedure-online = Online
procedure-since = Since
procedure-planned = planned
procedure-reason = Reason
procedure-fee = Fee
procedure-legal-basis = Legal basis
procedure-standard-processing-time = Standard processing time
procedure-cases-year = Cases a year
procedure-what-bring-attach = What to bring or attach
procedure-where-go = Where to go
procedure-life-events = Life events

## apply
apply-what-correct = What to correct
apply-keep-as-draft = Keep as a draft

## confirm
confirm-application-like-one-has = An application like this one has already been made
confirm-check-are-not-applying = Check you are not applying twice; you can still send it.
confirm-send-application = Send the application
confirm-go-back-change = Go back and change

## receipt
receipt-receipt-number = Receipt number
receipt-received-at = Received at
receipt-quote-receipt-number-if = Quote the receipt number if you contact us. You can follow the application on your page.
receipt-go-my-page = Go to my page

## my_applications
my-applications-unfinished-applications-drafts = Unfinished applications (drafts)
my-applications-kept = kept
my-applications-sent-applications = Sent applications
my-applications-have-no-applications-yet = You have no applications yet.
my-applications-procedures-can-apply-online = Procedures you can apply for online

## my_application
my-application-my-applications = My applications
my-application-city-has-asked-correct = The city has asked you to correct your application.
my-application-correct-send-again = Correct and send again
my-application-withdraw-application = Withdraw this application
my-application-what-has-happened = What has happened
my-application-from-section = From the section
my-application-what-sent = What you sent
my-application-disposed = The answers and files of this application were disposed of on { $date }, after its retention period of { $years } years. The receipt number, the procedure and what happened are kept.
my-application-disposed-short = Disposed of after its retention period
my-application-message-from-section = A message from the section
my-application-withdraw-question = Withdraw this application?
my-application-withdraw-consequence = Once withdrawn, the application will not be reviewed, and withdrawing cannot be undone. To apply again, start a new application.
my-application-withdraw-not-yet = Nothing has been withdrawn yet.
my-application-withdraw-confirm = Yes, withdraw it
my-application-withdraw-cancel = Keep the application

## login
login-could-not-signed = You could not be signed in
login-forgot-password = Forgot your password?
login-new-here = New here?
login-create-account = Create an account
login-residents = Residents:
login-sign-here = sign in here
login-city-staff = City staff:
login-staff-sign = staff sign-in

## register
register-with-account-can-follow = With an account you can follow your applications on your page and answer correction requests. We will send a mail to check your address.
register-optional = optional
register-required = required
register-at-least-10-characters = At least 10 characters; a long phrase is easy to remember and safe.
register-send-check-mail = Send the check mail
register-have-account = Have an account?

## forgot
forgot-if-address-has-account = If the address has an account, a mail to set a new password is on its way (the link works for an hour).
forgot-send-mail = Send the mail

## reset
reset-set-password = Set the password

## password
password-password-has-been-changed = Your password has been changed; other devices were signed out.
password-current-password = Current password
password-change-password = Change the password

## notice
notice-if-mail-does-not = If the mail does not arrive
notice-send-check-mail-again = Send the check mail again

## account
account-status = Status
account-see-my-applications = See my applications
account-open-inbox = Open the inbox
account-manage-forms-workflows = Manage forms and workflows
account-change-password = Change your password
account-sign-out = Sign out

## furigana (shown only in easy Japanese)
layout-furigana-off = Hide furigana
layout-furigana-on = Show furigana

## catalog: counts and labels
catalog-result-count = { $count ->
    [one] { $count } procedure
   *[other] { $count } procedures
}
procedure-cases-count = { $count } cases
procedure-unknown = Unknown
procedure-fee-free = Free
procedure-fee-yen = { $amount } yen
procedure-fee-depends = Depends on the case
procedure-standard-days = { $days ->
    [one] { $days } day
   *[other] { $days } days
}
procedure-offices-count = { $count ->
    [one] { $count } office
   *[other] { $count } offices
}
category-childcare = Childcare
category-nursing-care = Nursing care
category-high-impact = High impact
category-other = Other
status-online = Available online
status-planned = Online soon
status-not-online = At the counter or by post
status-impossible = Cannot be done online

## form fields
form-mark-required = required
form-mark-optional = optional
form-attached = Attached:
form-attached-replace = { " " }— choose another file to replace it.
form-add-item = Add { $label }
form-select-prompt = Choose
form-part-family-name = Family name
form-part-given-name = Given name
form-part-family-name-kana = Family name in katakana
form-part-given-name-kana = Given name in katakana
form-part-bank-code = Bank code (4 digits)
form-part-branch-code = Branch code (3 digits)
form-part-account-type = Account type (普通, 当座 or 貯蓄)
form-part-account-number = Account number (up to 7 digits)
form-part-account-holder = Account holder (katakana)
form-answer-yes = Yes
form-answer-file = file

## application statuses
status-received = Received
status-reviewing = Under review
status-correction-requested = Correction requested
status-resubmitted = Corrected, awaiting review
status-approved = Approved
status-rejected = Rejected
status-notice-issued = Notice issued
status-closed = Closed
status-withdrawn = Withdrawn

## shown when city texts on a page are not translated
layout-partly-japanese = Parts of this page are not translated yet and are shown in Japanese (underlined with dots).

## progress page
progress-title = Online-ization progress
progress-intro = The two indicators of Nagoya City's online-ization plan. Each year counts the procedures that can be done online by the end of that fiscal year, including earlier ones. Procedures that cannot be online by law are left out.
progress-cases-heading = Indicator ①: annual cases
progress-procedures-heading = Indicator ②: procedures
progress-group = Group
progress-change = Change from the previous year
progress-all = All procedures
progress-procedures-count = { $count } procedures
progress-reference-only = { $count } procedures have no known annual count, so the annual cases are a reference figure.
progress-charts = Charts
progress-chart-categories = Progress by category and year (indicator ②, plan)
progress-chart-bureaus = Progress by bureau (indicator ①, actual at the end of { $year })
progress-downloads = Download the data
progress-download-csv = CSV (for spreadsheets)
progress-download-json = JSON (for systems)
layout-progress = Online-ization progress
progress-bureaus-heading = By bureau (① annual cases / ② procedures)

## open data
open-data-title = Open data
open-data-intro = The list of procedures and the online-ization indicators, published for anyone to reuse. The addresses do not change. CSV files are UTF-8 with a BOM.
open-data-datasets = Data
open-data-procedures = Procedures
open-data-indicators = Online-ization indicators
open-data-online-use = Online use per procedure, by fiscal year
open-data-columns = What the columns mean
open-data-file = File
open-data-column = Column
layout-open-data = Open data
layout-congestion = Counter waiting times
progress-download-xlsx = Excel (xlsx)

## staff sign-in: second step
twofa-code-title = Enter your code
twofa-code-intro = Enter the 6-digit code your authenticator app shows. Without your phone, you may enter one of your recovery codes instead.
twofa-code-label = Code (or recovery code)
twofa-lost-device = If you can use neither your app nor a recovery code, ask the system administrator to reset your two-step sign-in.
twofa-enter-code = Enter the code
twofa-wrong-code = The code is wrong or was already used ({ $left } tries left)
twofa-enrol-title = Set up two-step sign-in
twofa-enrol-intro = Staff sign in with their password and a code from an authenticator app (Google Authenticator, Microsoft Authenticator or another). You set it up once.
twofa-enrol-scan = Scan this QR code with your authenticator app.
twofa-enrol-qr-alt = QR code to add this account to an authenticator app
twofa-enrol-type = If you cannot scan it, type this key into the app.
twofa-enrol-key = Key
twofa-enrol-uri = URI
twofa-enrol-confirm = Enter the 6-digit code the app shows, to check the setup.
twofa-enrol-submit = Set up and sign in
twofa-recovery-title = Recovery codes
twofa-recovery-intro = Two-step sign-in is set up. Print these recovery codes or keep them somewhere safe: each signs you in once when your app is not at hand. They are not shown again.
twofa-recovery-continue = I have kept them: continue

## passkeys
passkey-title = Passkeys
passkey-intro = With a passkey you sign in with this device's fingerprint, face or screen lock instead of your password.
passkey-none = You have no passkeys yet.
passkey-name = Name
passkey-created = Added
passkey-last-used = Last used
passkey-remove = Remove
passkey-add-heading = Add a passkey
passkey-add = Add a passkey on this device
passkey-elsewhere = Passkeys are added and used at this address:
passkey-needs-script = Adding a passkey needs JavaScript.
passkey-back = Back to my page
passkey-working = Follow your device's prompts…
passkey-sign-in = Sign in with a passkey
passkey-default-name = Passkey
passkey-error-failed = The passkey could not be used.
passkey-error-unavailable = Passkeys are not available on this site.
passkey-error-expired = That took too long. Please try again.
passkey-error-unknown = This passkey is not registered.
passkey-error-too-many = You cannot add more passkeys. Remove ones you no longer use.
passkey-error-too-many-attempts = Too many attempts. Please wait a while and try again.

## sign-in through the city's IdP and gBizID (OpenID Connect)
sso-staff-button = Sign in with the city's account
sso-gbizid-button = Businesses: sign in with gBizID
sso-refused-title = You could not be signed in
sso-unavailable = The city's sign-in service cannot be reached at the moment. Sign in with your madoguchi e-mail address and password, or try again later.
sso-failed = The sign-in did not complete (it took too long, or it was started in another browser). Please start again.
sso-no-role = Your account at the city has no role in madoguchi. Ask the IT department to give you one.
sso-no-account = There is no madoguchi account for your sign-in. Ask the IT department.
sso-disabled = This staff account is disabled. Ask the IT department.
sso-missing-claim = The city's sign-in service did not give your e-mail address. Ask the IT department.
sso-gbizid-missing-claim = gBizID did not give a corporate number and an e-mail address for this account. Sign in with a gBizID account of a business (gBizID Prime or Member).
sso-back-to-login = Back to the sign-in page

## procedure: who, when, how to apply
procedure-who-can-apply = Who can apply
procedure-deadline = Deadline
procedure-how-apply = How to apply
procedure-apply-on-service = Apply on { $service }
procedure-leaves-site = Opens another site
way-form = You can apply online here.
way-external = You can apply online on { $service }.
way-post = Apply by post.
way-counter = Apply at a counter.
way-unstated = Accepted at a counter or by post. Ask the section for details.
procedure-contact = Who to ask
procedure-phone = Phone
procedure-email = E-mail
procedure-hours = Opening hours

## header: signing in (public pages)
header-account-menu = Account
header-login = Sign in
header-my-page = My page
header-logout = Sign out
header-back-office = Back office

# Guests follow an application by its receipt number and check code.
receipt-quote-receipt-number = Quote the receipt number if you contact us.
receipt-check-code = Check code
receipt-guest-follow = With the receipt number and the check code you can see how your application stands at any time, without an account. Note them down or save this page; the receipt e-mail has them too.
receipt-check-status = Check the application's status
guest-status-title = Check an application's status
guest-status-intro = Enter the receipt number and the check code. The check code is on the receipt page you saw when you applied and in the receipt e-mail. No account is needed.
guest-status-receipt-number = Receipt number
guest-status-receipt-hint = For example: R8-0000123
guest-status-check-code = Check code
guest-status-code-hint = For example: AB12C-D34EF (10 letters and digits; lower case is fine)
guest-status-check = Check
guest-status-not-found = The receipt number or the check code is not right. Please check them and try again.
guest-status-procedure = Procedure
guest-status-current = Status now
guest-status-keep-title = Keep it on my page
guest-status-keep-signed-in = You can add this application to your my page. From then on, news about it comes to your account.
guest-status-keep-button = Add to my page
guest-status-keep-sign-in = Sign in to add this application to your my page. Without an account you can create one (then open this page again from the link in the receipt e-mail).
guest-status-sign-in = Sign in
guest-status-register = Create an account
guest-status-another = Check another application
# forms: filling a form (prefill, bank picker, dates, language switch)
form-entry = { $label }: entry { $n }
form-latin-allowed = Foreign residents may write the furigana in Latin letters, as on the residence card or passport.
form-bank-name = Bank name (kanji, kana or romaji)
form-bank-search = Find the bank
form-branch-name = Branch name (kanji, kana or romaji)
form-branch-search = Find the branch
form-bank-none-found = Nothing found. Try another name, or enter the code.
form-account-type-ordinary = Ordinary (普通)
form-account-type-current = Current (当座)
form-account-type-savings = Savings (貯蓄)
form-switch-language = Switch language (what you typed is kept)
form-switch-language-to = Language

# identity: the profile that fills forms
profile-title = Profile (filled into forms)
profile-birth-date = Date of birth
profile-postal-code = Postal code
profile-address = Address
profile-phone = Phone number
profile-save = Save
profile-saved = Saved. New applications start with these details.
profile-help = What you keep here fills new application forms, where you can still change it. Everything is optional.
prefill-offer = If you would rather hand this in at a counter, keep your answers here as a QR code. Show it when you come to the office: there is no form to write.
prefill-make = Hand in at a counter (make a QR code)
prefill-title = Your QR code for the counter
prefill-show-at-counter = When you come to the office, show this QR code at the counter. There is no form to write.
prefill-procedure = Procedure
prefill-code = Code (if the QR code cannot be read, tell the counter this)
prefill-expires = Valid until
prefill-print = Print
prefill-no-personal-data = The QR code holds no personal data. Your answers are deleted when it expires.
prefill-cancel = Cancel this QR code
prefill-cancel-confirm = Cancelling deletes your answers and this QR code stops working. Cancel it?
prefill-cancelled = Cancelled. Your answers have been deleted.
prefill-expired = This QR code has expired. Please fill in the form again.
prefill-accepted = Received at the counter. The receipt number is { $receipt }.
prefill-not-found = There is no such QR code: it was cancelled, or it expired and was deleted.
catalog-bereavement-guide = After a death in the family: answer a few questions for the list of procedures (bereavement guide)
catalog-life-event-guide = Find procedures by life event: moving, a birth, marriage … (life-event guide)
catalog-ask-assistant = Ask a question (24-hour assistant)
assistant-answer-online = This is "{ $name }". You can apply online; see the procedure page for the steps and what you need.
assistant-answer-counter = This is "{ $name }", handled by { $place }. See the procedure page for what you need.
assistant-answer-more = Related procedures are listed too.
assistant-abstain = Sorry, nothing we hold answers your question. Please call Nagoya Oshiete Dial (052-953-7584, every day 8:00–21:00) or see the contact page.
assistant-title = Ask a question
assistant-intro = Type your question about a procedure. The answer comes from the list of procedures and the sections' FAQ, with the procedure pages it used. When we do not know, we say so and tell you whom to ask.
assistant-label = Question
assistant-ask = Ask
assistant-sources = Procedure pages used
assistant-you-asked = You asked
assistant-privacy = Questions are kept without names, numbers or addresses, to improve the FAQ. Please do not type personal details.
assistant-guide-link = Find by life event (guide)
assistant-question-missing = Type a question.
