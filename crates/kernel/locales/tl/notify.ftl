# Push-type information: subscribing to the city's news, confirming,
# changing and unsubscribing (crates/notify), and its mails.

notify-title = Tumanggap ng balita mula sa lungsod
notify-intro = Ipapadala namin sa e-mail ang balita ng lungsod tungkol sa mga paksa at lugar na pipiliin mo. Magsisimula ang subscription kapag binuksan mo ang link sa e-mail ng kumpirmasyon; may link sa bawat e-mail para ihinto ito sa isang click.
notify-email = E-mail address
notify-topics = Mga paksa (isa o higit pa)
notify-wards = Mga ward (walang pinili: buong lungsod)
notify-lang = Wika ng mga e-mail
notify-submit = Ipadala ang e-mail ng kumpirmasyon
notify-no-topic = Pumili ng kahit isang paksa.
notify-stale = Nagbago ang mga pagpipilian. Buksan muli ang pahina at pumili.
notify-sent-title = Tingnan ang iyong e-mail
notify-sent = Nagpadala kami ng e-mail ng kumpirmasyon sa { $email }. Buksan ang link nito para simulan ang subscription (may bisa nang 24 oras). Kung hindi dumating, tingnan ang spam folder.
notify-confirm-title = Kumpirmahin ang subscription
notify-confirm-intro = Magsu-subscribe ka sa mga piniling ito. Pindutin ang “Mag-subscribe” para kumpirmahin.
notify-confirm-button = Mag-subscribe
notify-link-dead-title = Hindi magagamit ang link na ito
notify-link-dead = Nag-expire na o nagamit na ito. Mag-sign up muli.
notify-done-title = Naka-subscribe ka na
notify-done = Makakatanggap ka ng balita sa mga paksang pinili mo. Baguhin o ihinto anumang oras mula sa link sa ibaba o sa bawat e-mail.
notify-manage-title = Ang iyong subscription
notify-manage-for = Ipinapadala sa: { $address }
notify-save = I-save ang mga pagbabago
notify-saved = Na-save ang mga pagbabago.
notify-unsubscribe-button = Mag-unsubscribe
notify-unsubscribe-title = Mag-unsubscribe
notify-unsubscribe-intro = Pindutin ang button para ihinto ang mga e-mail sa { $address }.
notify-unsubscribed-title = Na-unsubscribe ka na
notify-unsubscribed = Hindi ka na makakatanggap ng mga e-mail ng balita. Para makatanggap muli, mag-sign up ulit.
notify-sign-up-again = Mag-sign up muli
notify-whole-city = Buong lungsod
notify-chosen-topics = Mga paksa
notify-chosen-wards = Mga ward
notify-privacy = Gagamitin lang ang address mo para ipadala ang balita ng lungsod, at hindi na kapag nag-unsubscribe ka.
notify-link = Tumanggap ng balita ng lungsod sa e-mail
mail-notify-confirm-subject = [Lungsod ng Nagoya] Kumpirmahin ang subscription
mail-notify-confirm-body =
    Natanggap namin ang kahilingang ipadala ang balita ng lungsod sa address na ito. Buksan ang link sa ibaba para kumpirmahin (may bisa nang 24 oras).

    Kung hindi ikaw ang humiling, huwag pansinin ang e-mail na ito: walang ipapadala.
mail-notify-welcome-subject = [Lungsod ng Nagoya] Naka-subscribe ka na
mail-notify-welcome-body =
    Nagsimula na ang subscription mo sa balita ng lungsod.
    Mga paksa: { $topics }
    Mga ward: { $wards }

    Baguhin o ihinto anumang oras mula sa link sa ibaba.
mail-notify-announcement-footer = Baguhin o ihinto ang mga e-mail na ito:
mail-notify-announcement-prefix = [Lungsod ng Nagoya]{" "}
