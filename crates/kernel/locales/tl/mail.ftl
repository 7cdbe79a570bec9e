# Mga e-mail sa residente (Tagalog). Isang linya ang subject; maaaring ilang linya ang body.

mail-footer = Ang e-mail na ito ay para sa pagpapadala lamang at hindi tumatanggap ng sagot. Kung may tanong po kayo, makipag-ugnayan sa namamahalang seksyon.
mail-from-section = Mensahe mula sa namamahalang seksyon:
mail-japanese-original = Nasa ibaba ang orihinal na teksto sa wikang Hapon.

mail-received-subject = [Lungsod ng Nagoya] Natanggap na ang inyong aplikasyon ({ $receipt })
mail-received-body =
    Natanggap na po namin ang inyong aplikasyon para sa "{ $title }".
    Numero ng pagtanggap (受付番号): { $receipt }
    Pakibanggit po ang numero ng pagtanggap kapag makikipag-ugnayan kayo sa amin.

mail-correction-subject = [Lungsod ng Nagoya] Pakitama po ang inyong aplikasyon ({ $receipt })
mail-correction-body = Tungkol sa aplikasyong may numero ng pagtanggap na { $receipt }: hinihiling po namin na itama (補正) ninyo ang nilalaman ng inyong aplikasyon. Pakitama po ito at ipadala muli mula sa Aking Pahina.

mail-approved-subject = [Lungsod ng Nagoya] Tapos na ang pagsusuri (inaprubahan) ({ $receipt })
mail-approved-body = Tungkol sa aplikasyong may numero ng pagtanggap na { $receipt }: inaprubahan na po ang inyong aplikasyon.

mail-rejected-subject = [Lungsod ng Nagoya] Tapos na ang pagsusuri (hindi inaprubahan) ({ $receipt })
mail-rejected-body = Tungkol sa aplikasyong may numero ng pagtanggap na { $receipt }: hindi po inaprubahan ang inyong aplikasyon. Nasa ibaba ang dahilan.

mail-notice-issued-subject = [Lungsod ng Nagoya] Nailabas na ang abiso (通知書) ({ $receipt })
mail-notice-issued-body = Tungkol sa aplikasyong may numero ng pagtanggap na { $receipt }: nailabas na po ang abiso (通知書) para sa inyong aplikasyon.

mail-message-subject = [Lungsod ng Nagoya] Mensahe tungkol sa inyong aplikasyon ({ $receipt })
mail-message-body = Tungkol sa aplikasyong may numero ng pagtanggap na { $receipt }: may mensahe po ang namamahalang seksyon.

mail-check-address-subject = [Lungsod ng Nagoya] Kumpirmahin ang inyong e-mail address
mail-check-address-body =
    Natanggap na po namin ang pagpaparehistro ng inyong account para sa online na aplikasyon ng Lungsod ng Nagoya.
    Buksan po ang link sa ibaba upang matapos ang pagpaparehistro (may bisa nang 24 na oras).
    Kung hindi po kayo ang humiling nito, burahin na lamang ang e-mail na ito.

mail-already-registered-subject = [Lungsod ng Nagoya] Nakarehistro na ang inyong account
mail-already-registered-body =
    May humiling na gumawa ng account gamit ang e-mail address na ito, ngunit may nakarehistro nang account dito. Mag-log in po upang magamit ito.
    Kung hindi po kayo ang humiling nito, burahin na lamang ang e-mail na ito.

mail-reset-password-subject = [Lungsod ng Nagoya] Pag-reset ng password
mail-reset-password-body =
    Magtakda po ng bagong password gamit ang link sa ibaba (may bisa nang 1 oras).
    Kung hindi po kayo ang humiling nito, burahin na lamang ang e-mail na ito. Hindi magbabago ang inyong password.

mail-received-check-code =
    Check code: { $code }
    Gamit ang numero ng pagtanggap at ang check code, makikita ninyo ang kalagayan ng inyong aplikasyon anumang oras, kahit walang account.
mail-correction-guest-body = Tungkol sa aplikasyong may numero ng pagtanggap na { $receipt }: hinihiling po namin na itama (補正) ninyo ang nilalaman ng inyong aplikasyon. Buksan ang pahina ng kalagayan mula sa link sa ibaba, ilagay ang numero ng pagtanggap at ang check code (nasa e-mail ng pagtanggap), itama, at ipadala muli.
