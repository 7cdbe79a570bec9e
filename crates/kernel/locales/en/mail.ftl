# Mail to residents (English). Subjects are one line; bodies may have several.

mail-footer = This address does not take replies; contact the section in charge with any questions.
mail-from-section = From the section:
mail-japanese-original = The Japanese original follows.

mail-received-subject = [Nagoya City] Application received ({ $receipt })
mail-received-body =
    We have received your application: { $title }.
    Receipt number: { $receipt }
    Please give the receipt number when you contact us.

mail-correction-subject = [Nagoya City] Please correct your application ({ $receipt })
mail-correction-body = About application { $receipt }: please correct your application and send it again from your page.

mail-approved-subject = [Nagoya City] Your application has been approved ({ $receipt })
mail-approved-body = About application { $receipt }: your application has been approved.

mail-rejected-subject = [Nagoya City] Your application was not approved ({ $receipt })
mail-rejected-body = About application { $receipt }: your application was not approved, for the reason below.

mail-notice-issued-subject = [Nagoya City] Your notice has been issued ({ $receipt })
mail-notice-issued-body = About application { $receipt }: the notice for your application has been issued.

mail-message-subject = [Nagoya City] A message about your application ({ $receipt })
mail-message-body = About application { $receipt }: the section handling it has written to you.

mail-check-address-subject = [Nagoya City] Confirm your e-mail address
mail-check-address-body =
    Open the link below to finish creating your account for Nagoya City's online applications (it works for 24 hours).
    If you did not ask for this, ignore this mail.

mail-already-registered-subject = [Nagoya City] You already have an account
mail-already-registered-body =
    Someone asked to create an account with this address, which already has one. Sign in to use it.
    If this was not you, ignore this mail.

mail-reset-password-subject = [Nagoya City] Set a new password
mail-reset-password-body =
    Open the link below to set a new password (it works for an hour).
    If you did not ask for this, ignore this mail; your password stays as it is.

mail-received-check-code =
    Check code: { $code }
    With the receipt number and the check code you can see how your application stands at any time, without an account.
mail-correction-guest-body = About application { $receipt }: please correct your application and send it again. Open the status page from the link below and enter the receipt number and the check code (they are in the receipt e-mail).
