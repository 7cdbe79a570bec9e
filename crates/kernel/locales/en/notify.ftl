# Push-type information: subscribing to the city's news, confirming,
# changing and unsubscribing (crates/notify), and its mails.

notify-title = Get news from the city
notify-intro = We e-mail you the city's news on the topics and areas you choose. Your subscription starts when you open the link in the confirmation e-mail; every e-mail has a link to stop it in one click.
notify-email = E-mail address
notify-topics = Topics (one or more)
notify-wards = Wards (none chosen: the whole city)
notify-lang = Language of the e-mails
notify-submit = Send the confirmation e-mail
notify-no-topic = Choose at least one topic.
notify-stale = The choices have changed. Please open the page again and choose.
notify-sent-title = Check your e-mail
notify-sent = We have sent a confirmation e-mail to { $email }. Open its link to start your subscription (valid for 24 hours). If it does not arrive, look in your spam folder.
notify-confirm-title = Confirm your subscription
notify-confirm-intro = You are subscribing with these choices. Press “Subscribe” to confirm.
notify-confirm-button = Subscribe
notify-link-dead-title = This link cannot be used
notify-link-dead = It has expired or has already been used. Please sign up again.
notify-done-title = You are subscribed
notify-done = You will get news on the topics you chose. Change or stop it any time from the link below or the link in each e-mail.
notify-manage-title = Your subscription
notify-manage-for = Sent to: { $address }
notify-save = Save changes
notify-saved = Your changes are saved.
notify-unsubscribe-button = Unsubscribe
notify-unsubscribe-title = Unsubscribe
notify-unsubscribe-intro = Press the button to stop the e-mails to { $address }.
notify-unsubscribed-title = You are unsubscribed
notify-unsubscribed = You will get no more news e-mails. To get them again, sign up again.
notify-sign-up-again = Sign up again
notify-whole-city = The whole city
notify-chosen-topics = Topics
notify-chosen-wards = Wards
notify-privacy = Your address is used only to send you the city's news, and no longer once you unsubscribe.
notify-link = Get the city's news by e-mail
mail-notify-confirm-subject = [Nagoya City] Confirm your subscription
mail-notify-confirm-body =
    We have received a request to send the city's news to this address. Open the link below to confirm (valid for 24 hours).

    If you did not ask for this, ignore this e-mail: nothing will be sent.
mail-notify-welcome-subject = [Nagoya City] You are subscribed
mail-notify-welcome-body =
    Your subscription to the city's news has started.
    Topics: { $topics }
    Wards: { $wards }

    Change or stop it any time from the link below.
mail-notify-announcement-footer = Change or stop these e-mails:
mail-notify-announcement-prefix = [Nagoya City]{" "}
