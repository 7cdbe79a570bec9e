# Errors and notices shown to residents (English)

## Common errors
error-invalid-request = The request has invalid values.
error-page-expired = This page has expired. Please try again.
error-request-too-large = What was sent is too large.
error-busy = The service is busy. Please wait a moment and send again.
error-internal = Something went wrong on our side. Please try again later.
error-page-not-found = Page not found.
error-title = Error
error-too-many-attempts = Too many attempts in a short time. Please wait { $minutes ->
    [one] about a minute
   *[other] about { $minutes } minutes
} and try again.

## pages
pages-staff-sign = Staff sign-in
pages-sign = Sign in
pages-e-mail-address-verified = E-mail address verified
pages-e-mail-address-not = E-mail address not yet verified
pages-my-page = My page
pages-staff-page = Staff page
pages-form-could-not-read = The form could not be read.
pages-enter-e-mail-address = Enter your e-mail address.
pages-enter-password = Enter your password.
pages-e-mail-address-password = The e-mail address or password is not correct.
pages-e-mail-address-has = Your e-mail address has not been confirmed yet: open the link in the mail we sent (you can have it sent again from "Create an account").

## registration
registration-check-mail = Check your mail
registration-create-account = Create an account
registration-account-ready = Your account is ready
registration-address-confirmed-sign-apply = Your address is confirmed. Sign in to apply.
registration-sign = Sign in
registration-link-cannot-used = This link cannot be used
registration-link-has-expired-after = The link has expired (after 24 hours) or was used already. Ask for a new check mail below.
registration-enter-valid-e-mail = Enter a valid e-mail address.
registration-enter-valid-e-mail-2 = Enter a valid e-mail address (e.g. nagoya@example.jp).
registration-choose-password = Choose the password you will sign in with. Setting it confirms your e-mail address and completes your registration.

## password-reset
password-reset-forgot-password = Forgot your password
password-reset-set-new-password = Set a new password
password-reset-new-password-set = Your new password is set
password-reset-link-has-expired-was = This link has expired or was used already; ask for a new one from "Forgot your password".

## password-change
password-change-change-password = Change your password
password-change-current-password-not-correct = The current password is not correct.

## apply
apply-continue = Continue
apply-can-go-from-draft = You can go on from the draft you kept
apply-application-has-been-received = Your application has been received
apply-draft-kept-can-go = Your draft is kept. You can go on from your page at any time.
apply-check-answers = Check your answers
apply-application-has-already-been = This application has already been sent.

## attachments
attachments-form-could-not-read = The form could not be read; please fill it in again.
attachments-no-such-attachment = No such attachment.

## my-page
my-page-my-applications = My applications
my-page-receipt = Receipt
my-page-correction = Correction
my-page-send-corrected-application = Send the corrected application

## api
api-idempotency-key-must-ascii = Idempotency-Key must be ASCII.
api-comment-must-at-most = The comment must be at most 2000 characters.
api-request-body-cannot-read = The request body cannot be read.
api-idempotency-key-was-used = This Idempotency-Key was used for an application with different answers.

## validate
validate-send-answers-as-json = Send the answers as a JSON object of field ids and values.


## form
form-form-has-no-field = This form has no field { $key }.
form-enter-at-least = Enter at least { $min } of { $label }.
form-text = { $label } must be text.
form-at-most-characters = { $label } must be at most { $max } characters.
form-at-least-characters = { $label } must be at least { $min } characters.
form-contains-characters-that-cannot = { $label } contains characters that cannot be used.
form-not-expected-format = { $label } is not in the expected format.
form-number = { $label } must be a number.
form-whole-number = { $label } must be a whole number.
form-at-least = { $label } must be at least { $min }.
form-at-most = { $label } must be at most { $max }.
form-date-such-as-2023 = { $label } must be a date such as 2023-04-01.
form-after = { $label } must be on or after { $date }.
form-before = { $label } must be on or before { $date }.
form-choose-from-list = Choose { $label } from the list.
form-true-false = { $label } must be true or false.
form-not-valid-e-mail = { $label } is not a valid e-mail address.
form-10-11-digit-number = { $label } must be a 10- or 11-digit number starting with 0.
form-7-digits-e-g = { $label } must be 7 digits, e.g. 460-8508.
form-list = { $label } must be a list.
form-takes-between-entries = { $label } takes between { $min } and { $max } entries.
form-entry-malformed = Entry { $n } of { $label } is malformed.
form-malformed = { $label } is malformed.
form-enter = Enter the { $part } of { $label }.
form-at-most-characters-2 = The { $part } of { $label } must be at most { $max } characters.
form-write-katakana = Write the { $part } of { $label } in katakana.
form-up-digits = The { $name } must be up to { $max } digits.
form-exact-digits = The { $name } must be { $max } digits.
form-write-account-holder-katakana = Write the account holder in katakana as in the passbook (not allowed: { $bad }).
form-file-missing-attach-again = The file for { $label } is missing; attach it again.
form-one = { $label } must be one of: { $value }.
form-file-too-large-up = The file for { $label } is too large (up to { $mb } MB).
form-required = Enter { $label }.
form-choose = Choose { $label }.
form-attach = Attach { $label }.
form-choose-account-type = Choose the account type: ordinary, current or savings.
form-enter-account-holder = Enter the account holder in katakana.

## search and accounts
search-whole-number = { $name } must be a whole number from 1 to { $max }.
search-words-too-long = The search words must be at most { $max } characters.
search-no-category = No category "{ $value }": use childcare, nursing_care, high_impact or other.
search-no-bureau = No bureau "{ $value }".
search-unreadable-query = The query string cannot be read.
procedure-not-found = There is no procedure "{ $id }".
password-too-short = The password must be at least { $min } characters.
password-too-long = The password must be at most { $max } characters.

## uploads and applications
upload-empty = The chosen file is empty.
upload-unknown-type = This kind of file cannot be attached (use PDF, JPEG, PNG, HEIC, GIF or WebP).
upload-too-large = The file is too large (up to { $mb } MB).
upload-quota-reached = You have reached the upload limit. Please try again in about { $minutes } minutes.
upload-not-stored = The file could not be stored; please try again later.
upload-request-too-large = What was sent is too large (attachments up to { $mb } MB in all).
apply-not-online = The procedure "{ $id }" cannot be applied for online.
my-page-no-application = There is no application "{ $receipt }".

## names of the parts of a field, used inside messages
part-family-name = family name
part-given-name = given name
part-family-name-kana = family name in katakana
part-given-name-kana = given name in katakana
part-bank-code = bank code
part-branch-code = branch code
part-account-number = account number

## registration
registration-mail-sent = We have sent a mail to { $email }. Open the link in it to finish (it works for 24 hours).

# forms: filling a form
form-write-katakana-or-latin = Write the { $part } of { $label } in katakana or Latin letters.
form-unknown-bank = There is no bank with the code { $code }. Find it by name and choose it.
form-unknown-branch = This bank has no branch with the code { $code }. Find it by name and choose it.

# identity: the profile that fills forms
profile-bad-birth-date = Enter the date of birth as 1988-05-12 or in the Japanese era (昭和63年5月12日).
profile-bad-postal-code = Enter the postal code as 7 digits.
profile-bad-address = Keep the address to { $max } characters, without control characters.
profile-bad-phone = Enter the phone number as 10 or 11 digits starting with 0.
