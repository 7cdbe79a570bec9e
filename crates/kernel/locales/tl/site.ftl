# The pages every public service has: privacy, terms, accessibility, contact, sitemap.
# Bawat linya ay isang talata; ang mga linyang nagsisimula sa "- " ay listahan; ang [mga salita](/landas) ay link sa loob ng site.

## footer and common
site-footer-nav = Tungkol sa site na ito
site-contents = Mga nilalaman

## privacy policy
site-privacy-title = Patakaran sa privacy
site-privacy-lead =
    Maayos na pinangangasiwaan ng Lungsod ng Nagoya ("ang Lungsod"), gaya ng nakasaad sa ibaba, ang personal na impormasyong natatanggap nito sa online na counter para sa mga administratibong pamamaraan ("ang Serbisyo"), alinsunod sa Batas sa Proteksyon ng Personal na Impormasyon (Batas Blg. 57 ng 2003, "ang Batas") at sa Ordinansa ng Lungsod ng Nagoya para sa Pagpapatupad ng Batas sa Proteksyon ng Personal na Impormasyon.
site-privacy-collected-h = 1. Ang kinokolekta namin
site-privacy-collected =
    Kinokolekta ng Serbisyo ang sumusunod na personal na impormasyon.
    - Ang inyong account: pangalan, e-mail address, password (iniimbak lamang sa anyong hindi na maibabalik) at, kung magrerehistro kayo ng passkey, ang public key nito.
    - Ang inyong mga aplikasyon at mga kalakip: ang inilalagay ninyo sa aplikasyon (gaya ng tirahan, petsa ng kapanganakan at contact) at ang mga dokumentong ina-upload ninyo.
    - Bayad sa mga singil: halaga, paraan, oras at numero ng transaksyon ng kompanya ng pagbabayad. Inilalagay ang numero ng card sa pahina ng kompanya ng pagbabayad; hindi ito kailanman natatanggap ng Lungsod.
    - Talaan ng paggamit: ang IP address na pinagkokonektahan ninyo, mga oras, mga pahinang binuksan, matagumpay at hindi matagumpay na pag-log in, at talaan ng pagbukas ng kawani sa isang aplikasyon.
    - E-mail: ang address at nilalaman ng mga mensaheng ipinapadala sa inyo ng Serbisyo.
site-privacy-purposes-h = 2. Bakit namin ito ginagamit
site-privacy-purposes =
    Ginagamit lamang namin ang personal na impormasyon hangga't kailangan upang:
    - tanggapin, suriin, pagpasyahan at ipaalam ang mga pamamaraang inaaplayan ninyo;
    - makipag-ugnayan sa inyo at tiyakin ang inyong pagkakakilanlan;
    - maningil at magbalik ng mga bayad;
    - pigilan ang maling paggamit at patakbuhin nang ligtas ang Serbisyo;
    - gumawa ng mga estadistikang hindi nakakakilala ng sinuman (gaya ng pag-usad ng mga online na pamamaraan).
    Maliban kung pinahihintulutan ng batas, hindi namin ginagamit o ibinibigay ang personal na impormasyon para sa ibang layunin (Artikulo 69 ng Batas).
site-privacy-kept-h = 3. Gaano katagal namin ito iniingatan
site-privacy-kept =
    Iniingatan namin ang personal na impormasyon sa mga panahong nasa ibaba at binubura kapag lumipas na ang mga ito.
    - Mga aplikasyon at kalakip: ang panahon ng pag-iingat na itinakda para sa bawat pamamaraan ({ $years } taon para sa mga walang itinakda), binibilang mula 1 Abril ng taong piskal na kasunod ng taon kung kailan natapos ang kaso. Kapag lumipas na, binubura ang mga sagot, kalakip at panloob na tala ng kawani; ang natitira lamang ay ang kailangan ng estadistika (numero ng pagtanggap, pamamaraan, mga petsa).
    - Mga aplikasyong na-save sa kalagitnaan (draft): { $draft_days } araw mula nang huling i-save.
    - Mga na-upload na file na hindi ginamit sa anumang aplikasyon: { $upload_days } araw mula nang i-upload.
    - Mga e-mail na ipinadala sa inyo: { $mail_days } araw mula nang ipadala.
    - Mga hindi matagumpay na pag-log in: { $failure_days } araw.
    - Pagiging naka-log in: natatapos { $resident_hours } oras pagkatapos mag-log in ({ $staff_hours } oras para sa kawani).
    - Ang inyong account: hanggang hilingin ninyong burahin ito. Wala pang paraan sa Serbisyo para kayo mismo ang magbura ng account, kaya pakihiling ito sa [makipag-ugnayan](/contact).
    - Bayad sa mga singil: iniingatan bilang talaang pang-accounting. Wala pang itinakdang petsa ng pagbura ang Serbisyo.
    - Talaan ng pagbukas ng kawani sa mga aplikasyon at ng mga pagbabago sa aplikasyon (talaan ng audit): iniingatan nang walang takdang panahon, upang masiyasat ang maling paggamit.
    - Talaan ng pagpapatakbo ng server (IP address, oras, pahina): ayon sa mga patakaran ng Lungsod para sa mga sistemang pinapatakbo nito.
site-privacy-who-h = 4. Sino ang makakakita
site-privacy-who =
    - Ang kawani ng seksyong humahawak sa pamamaraan, para lamang sa mga aplikasyon sa pamamaraang iyon. Hindi ito makikita ng kawani ng ibang seksyon.
    - Ang kawani ng Dibisyon sa Pagsusulong ng Digital Transformation (Kawanihan ng Pangkalahatang Gawain), hangga't kailangan upang patakbuhin ang Serbisyo at gumawa ng estadistika.
    - Ang mga kompanyang kinontrata ng Lungsod upang patakbuhin at panatilihin ang Serbisyo, na obligado sa kontrata sa mga hakbang pangseguridad at sa paglilihim (Artikulo 66(2) ng Batas).
    - Ang mga kompanya ng pagbabayad, na tumatanggap ng halaga at numero ng transaksyon kapag nagbabayad kayo ng singil.
    Maliban kung pinahihintulutan ng batas, hindi namin ibinibigay ang personal na impormasyon sa iba nang walang pahintulot ninyo.
site-privacy-basis-h = 5. Batayang legal
site-privacy-basis =
    Pinangangasiwaan ng Lungsod ang personal na impormasyon ayon sa Batas sa Proteksyon ng Personal na Impormasyon at sa Ordinansa ng Lungsod ng Nagoya para sa Pagpapatupad ng Batas sa Proteksyon ng Personal na Impormasyon. Ang batayang legal sa pagkolekta ng impormasyon ay itinatakda para sa bawat pamamaraan ng batas, ordinansa o tuntunin, at makikita bilang "Batayang legal" sa pahina ng pamamaraan.
site-privacy-security-h = 6. Paano namin ito pinoprotektahan
site-privacy-security =
    - Naka-encrypt ang mga koneksyon.
    - Naka-encrypt na iniimbak ang mga sagot sa aplikasyon at mga kalakip.
    - Nagla-log in ang kawani gamit ang two-step verification, at itinatala ang bawat pagbukas ng kawani sa isang aplikasyon.
    - Nakikita lamang ng kawani ang mga aplikasyon ng sarili nilang seksyon.
site-privacy-cookies-h = 7. Cookies
site-privacy-cookies =
    Dalawang cookie lamang ang ginagamit ng Serbisyo. Hindi ito gumagamit ng cookie para sa patalastas o pagsusuri ng inyong pag-browse.
    - Isang cookie na nagpapanatili sa inyong naka-log in: hindi na ito gumagana kapag nag-log out kayo, o { $resident_hours } oras pagkatapos mag-log in.
    - Isang cookie na pumipigil sa ibang site na magpadala ng form sa inyong pangalan: tumatagal ito nang isang taon at walang lamang nakakakilala sa inyo.
site-privacy-requests-h = 8. Paghiling na makita, itama o itigil ang paggamit ng inyong impormasyon
site-privacy-requests =
    Ayon sa Batas, maaari ninyong hilingin sa Lungsod na ibunyag (Artikulo 76), itama (Artikulo 90) o itigil ang paggamit (Artikulo 98) ng personal na impormasyon tungkol sa inyo na hawak nito.
    Makikita ninyo anumang oras ang kalagayan at nilalaman ng inyong mga aplikasyon sa [Aking Pahina](/my). Upang humiling, itanong sa [makipag-ugnayan](/contact) kung paano.
site-privacy-changes-h = 9. Mga pagbabago sa patakarang ito
site-privacy-changes =
    Maaaring magbago ang patakarang ito kapag nagbago ang mga batas o ang Serbisyo. Iaanunsyo sa pahinang ito ang anumang pagbabago.

## terms of use
site-terms-title = Mga tuntunin ng paggamit
site-terms-lead =
    Ang mga tuntuning ito ang namamahala sa paggamit ng online na counter para sa mga administratibong pamamaraan ("ang Serbisyo") na ibinibigay ng Lungsod ng Nagoya ("ang Lungsod").
site-terms-scope-h = Artikulo 1. Saklaw
site-terms-scope =
    Saklaw ng mga tuntuning ito ang lahat ng gumagamit ng Serbisyo ("mga user"). Sa paggamit ng Serbisyo, sumasang-ayon kayo sa mga ito.
    Kung iba ang itinatakda ng isang batas, ordinansa o tuntunin para sa isang pamamaraan, iyon ang mananaig.
site-terms-service-h = Artikulo 2. Ang iniaalok ng Serbisyo
site-terms-service =
    Sa Serbisyo, maaari ninyong:
    - hanapin ang mga pamamaraan ng Lungsod at alamin kung ano ang saklaw nito, anong mga dokumento ang kailangan at aling seksyon ang humahawak;
    - mag-aplay online at subaybayan ang inyong mga aplikasyon;
    - magbayad ng mga singil at tumanggap ng mga abiso;
    - makita ang pag-usad ng mga online na pamamaraan ng Lungsod at ang datos nito.
site-terms-account-h = Artikulo 3. Mga account
site-terms-account =
    - Gumawa ng account gamit ang tamang impormasyon.
    - Ingatan ninyo mismo ang inyong password at huwag itong ipagamit sa iba.
    - Kung maaaring nagamit nang mali ang inyong account, palitan agad ang password at ipaalam sa Lungsod.
site-terms-applying-h = Artikulo 4. Mga aplikasyon
site-terms-applying =
    - Mag-aplay lamang para sa sarili o para sa taong may pahintulot kayong katawanin, at gamit lamang ang totoong impormasyon.
    - Itinuturing na natanggap ng Lungsod ang aplikasyon kapag ipinakita na ang numero ng pagtanggap.
    - Ang pagtanggap sa aplikasyon ay hindi pangako ng pahintulot o pasya. Sinusuri ang mga aplikasyon ayon sa mga batas at tuntunin ng bawat pamamaraan.
    - Maaaring makipag-ugnayan sa inyo ang Lungsod o humingi ng mga dokumento upang suriin ang aplikasyon.
site-terms-forbidden-h = Artikulo 5. Mga ipinagbabawal
site-terms-forbidden =
    Hindi dapat:
    - gumawa ng huwad na aplikasyon o mag-aplay sa pangalan ng iba;
    - maglagay o subukang makita ang personal na impormasyon ng ibang tao nang walang pahintulot nila;
    - pasukin ang Serbisyo nang walang pahintulot, bigyan ito ng labis na karga o guluhin ang pagpapatakbo nito;
    - kumilos nang labag sa batas, sa kaayusang pampubliko o sa mabuting asal.
site-terms-interruptions-h = Artikulo 6. Mga pagtigil
site-terms-interruptions =
    Maaaring itigil ng Lungsod ang buo o bahagi ng Serbisyo dahil sa maintenance, sira, sakuna o iba pang hindi maiiwasang dahilan. Hangga't maaari, iaanunsyo muna sa site na ito ang pagtigil.
    Kung hindi magamit ang Serbisyo para sa pamamaraang may takdang petsa, pumunta sa counter ng seksyon o mag-aplay sa koreo.
site-terms-liability-h = Artikulo 7. Pananagutan
site-terms-liability =
    Hindi mananagot ang Lungsod sa pinsala sa mga user na dulot ng mga dahilang hindi sakop ng pananagutan nito, gaya ng sira sa linya ng komunikasyon o sa sariling kagamitan ng user.
site-terms-content-h = Artikulo 8. Paggamit ng nilalaman
site-terms-content =
    Ang Lungsod ang may hawak ng karapatang-ari sa teksto ng site na ito. Ang datos na inilathala bilang bukas na datos ay malayang magagamit ayon sa mga kondisyong nakasaad sa pahina nito.
site-terms-changes-h = Artikulo 9. Mga pagbabago at naaangkop na batas
site-terms-changes =
    Maaaring baguhin ng Lungsod ang mga tuntuning ito kapag kinakailangan. Iaanunsyo sa pahinang ito ang anumang pagbabago.
    Ang mga tuntuning ito ay sumasailalim sa mga batas ng Japan, at ang Nagoya District Court ang may hurisdiksyon sa unang antas sa anumang alitan tungkol sa Serbisyo.

## accessibility statement
site-a11y-title = Pahayag sa accessibility
site-a11y-lead =
    Nagsisikap ang Lungsod ng Nagoya na magamit ng lahat ang Serbisyo, kabilang ang mga nakatatanda, mga taong may kapansanan at mga taong hindi Japanese ang unang wika.
site-a11y-policy-h = Patakaran
site-a11y-policy =
    Idinisenyo at sinusubok ang Serbisyo ayon sa Japanese Industrial Standard JIS X 8341-3:2016, "Mga gabay para sa mga nakatatanda at mga taong may kapansanan — Kagamitan, software at serbisyo sa impormasyon at komunikasyon — Bahagi 3: Nilalaman sa web".
site-a11y-target-h = Target na antas ng pagsunod
site-a11y-target =
    Ang target ay pagsunod sa antas AA ng JIS X 8341-3:2016 (kasama ang mga pamantayan ng antas A at AA ng WCAG 2.1).
site-a11y-scope-h = Saklaw
site-a11y-scope =
    Lahat ng pahina ng Serbisyo para sa mga residente (paghahanap at impormasyon sa mga pamamaraan, pag-aaplay, Aking Pahina, pag-usad ng online, bukas na datos at ang mga pahinang mayroon ang bawat site, kasama ang isang ito) at ang mga pahina ng pag-log in ng kawani.
    Lahat ng walong wika: Japanese, madaling Japanese, English, Chinese, Korean, Portuguese, Vietnamese at Tagalog.
site-a11y-method-h = Paano kami sumusubok
site-a11y-method =
    - Awtomatikong sinusubok ang bawat uri ng pahina gamit ang axe-core sa isang tunay na browser (Chromium), ayon sa mga pamantayan ng antas A at AA ng WCAG 2.1.
    - Sinusubok ang bawat pahina sa walong wika, sa lapad ng telepono (320 pixel) at sa lapad ng computer.
    - May hiwalay na pagsubok na tumitiyak na magagawa ang isang aplikasyon mula simula hanggang dulo gamit lamang ang keyboard.
    - Ang hindi masusuri ng mga awtomatikong pagsubok (kung angkop ang mga alternatibong teksto, ang pagkakasunod ng pagbasa at iba pa) ay sinusuri ng mga tao.
site-a11y-results-h = Mga resulta
site-a11y-results =
    Ang pinakabagong awtomatikong resulta, ayon sa uri ng pahina. Binibilang ng "Mga paglabag" ang lahat ng paglabag na natagpuan sa lahat ng wika at lapad.
site-a11y-results-caption = Kasangkapan: { $tool }. Petsa ng pagsubok: { $date }. Mga wika: { $languages }. Mga lapad: { $viewports }.
site-a11y-results-table = Mga resulta ng awtomatikong pagsubok ayon sa uri ng pahina
site-a11y-page-type = Uri ng pahina
site-a11y-test-date = Petsa ng pagsubok
site-a11y-checks = Mga pagsusuri
site-a11y-violations = Mga paglabag
site-a11y-known-h = Ipaalam sa amin ang mga problema
site-a11y-known =
    Kung may bahagi ng Serbisyo na mahirap gamitin o hindi mabasa, pakisabi sa amin sa [makipag-ugnayan](/contact).

## contact
site-contact-title = Makipag-ugnayan
site-contact-lead =
    Pakitawagan ang tamang tanggapan para sa inyong tanong.
site-contact-procedures-h = Tungkol sa isang pamamaraan
site-contact-procedures =
    Para sa saklaw ng isang pamamaraan, ang mga dokumentong kailangan o ang kalagayan ng inyong aplikasyon, magtanong sa seksyong humahawak dito. Buksan ang pahina ng pamamaraan mula sa [listahan ng mga pamamaraan](/procedures): nakasaad ang seksyon sa "Namamahala".
    Pagkatapos mag-aplay, pakibanggit ang numero ng pagtanggap. Makikita ito sa listahan ng mga aplikasyon sa [Aking Pahina](/my).
site-contact-general-h = Tungkol sa paggamit ng Serbisyo
site-contact-general =
    Kung hindi kayo makapag-log in o hindi sigurado kung paano gamitin ang isang pahina, makipag-ugnayan sa:
site-contact-name-label = Tanggapan
site-contact-name = Dibisyon sa Pagsusulong ng Digital Transformation, Kawanihan ng Pangkalahatang Gawain, Lungsod ng Nagoya
site-contact-phone-label = Telepono
site-contact-hours-label = Oras
site-contact-hours = Mga karaniwang araw, 8:45 n.u. hanggang 5:15 n.h. (sarado tuwing Sabado, Linggo, pambansang holiday at sa Bagong Taon)
site-contact-demo-note = Ang numerong ito at ang mga oras na ito ay para sa demo; hindi kumokonekta ang numero. Sa tunay na paggamit, ipapakita ang tanggapang itinakda ng lungsod.
site-contact-personal-h = Tungkol sa personal na impormasyon
site-contact-personal =
    Upang hilinging makita, itama o itigil ang paggamit ng inyong personal na impormasyon, basahin ang [patakaran sa privacy](/privacy) at makipag-ugnayan sa tanggapan sa itaas.

## sitemap
site-sitemap-title = Sitemap
site-sitemap-lead =
    Ang mga pahina ng Serbisyo.
site-sitemap-procedures = Mga pamamaraan
site-sitemap-all-procedures = Lahat ng pamamaraan
site-sitemap-progress = Pag-online
site-sitemap-account = Inyong account
site-sitemap-about = Tungkol sa site na ito
site-sitemap-xml = Sitemap para sa mga search engine (XML)

## progress page: plan and actual
progress-plan = Plano
progress-actual = Aktwal
progress-series = Plano / aktwal
progress-plan-actual-intro = Binibilang ng "plano" ang bawat pamamaraan mula sa taong piskal na itinakda ng plano para gawin itong online; binibilang ng "aktwal" mula sa taong piskal na talagang naging posible na mag-aplay online.
progress-actual-so-far = Ang aktwal na bilang para sa { $year } ay para sa taong hindi pa tapos (hanggang { $date }).
progress-actual-not-yet = hindi pa
progress-change-plan = Pagbabago mula sa nakaraang taon (plano)
progress-change-actual = Pagbabago mula sa nakaraang taon (aktwal)
progress-chart-overall-procedures = Kabuuang pag-usad (panukat ② mga pamamaraan, plano at aktwal)
progress-chart-overall-cases = Kabuuang pag-usad (panukat ① kaso bawat taon, plano at aktwal)
progress-chart-categories-year = Pag-usad ayon sa kategorya (panukat ② mga pamamaraan, katapusan ng { $year }, plano at aktwal)
progress-chart-bureaus-both = Pag-usad ayon sa kawanihan (panukat ① kaso bawat taon, katapusan ng { $year }, plano at aktwal, pinakamataas na aktwal muna)
