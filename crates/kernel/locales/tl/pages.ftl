# Mga teksto sa mga pahina para sa residente (Tagalog)

## layout
layout-online-counter = Online na Tanggapan
layout-skip-main-content = Lumaktaw sa pangunahing nilalaman
layout-main-menu = Pangunahing menu
layout-language = Wika
layout-madoguchi-open-source-online = madoguchi — open-source na online na tanggapan para sa mga pamamaraan ng Lungsod

## common
common-find-procedure = Maghanap ng pamamaraan
common-category = Kategorya
common-tags = Mga tag
common-are-here = Kasalukuyang lokasyon
common-there-problem = Pakisuri po ang inyong inilagay
common-e-mail-address = E-mail address
common-password = Password
common-sign = Mag-log in
common-name = Pangalan
common-new-password = Bagong password
common-at-least-10-characters = Hindi bababa sa 10 character.

## error
error-back-list-procedures = Bumalik sa listahan ng mga pamamaraan

## catalog
catalog-there-problem-with-search = May mali sa mga kondisyon ng paghahanap
catalog-keywords-japanese-english = Mga keyword (Japanese o English)
catalog-narrow-down = Salain ayon sa kondisyon
catalog-narrow-down-2 = Salain
catalog-all = Lahat
catalog-life-event = Pangyayari sa buhay
catalog-bureau = Namamahalang kawanihan (局)
catalog-tag = Tag
catalog-only-procedures-available-online = Mga pamamaraang maaaring i-apply online lamang
catalog-search = Maghanap
catalog-popular-tags = Mga madalas gamiting tag
catalog-no-procedure-matched-try = Walang nahanap na pamamaraan. Subukan po ang mas maikling salita, o isulat ito sa hiragana.
catalog-did-you-mean = Ito po ba ang ibig ninyong sabihin:
catalog-showing-corrected = Walang nahanap sa mga salitang isinulat; ipinapakita ang resulta para sa:
catalog-partial-match = Walang pamamaraang may lahat ng salita; ipinapakita ang mga may ilan sa mga ito.
catalog-pages = Mga pahina
catalog-previous-page = Nakaraang pahina
catalog-next-page = Susunod na pahina

## procedure
procedure-apply-online = Mag-apply online
procedure-handled-by = Namamahala
procedure-online = Online
procedure-since = Simula
procedure-planned = nakaplano
procedure-reason = Dahilan
procedure-fee = Bayad
procedure-legal-basis = Batayang legal
procedure-standard-processing-time = Karaniwang tagal ng pagproseso
procedure-cases-year = Bilang ng kaso bawat taon
procedure-what-bring-attach = Mga kailangang dalhin o ilakip
procedure-where-go = Saan pupunta (窓口)
procedure-life-events = Kaugnay na mga pangyayari sa buhay

## apply
apply-what-correct = Ang hinihinging pagtatama (補正)
apply-keep-as-draft = I-save bilang draft

## confirm
confirm-application-like-one-has = Mayroon na pong kaparehong aplikasyon mula sa inyo
confirm-check-are-not-applying = Pakisuri po na hindi kayo nag-a-apply nang dalawang beses. Maaari pa rin ninyo itong ipadala.
confirm-send-application = Ipadala ang aplikasyon
confirm-go-back-change = Bumalik at baguhin

## receipt
receipt-receipt-number = Numero ng pagtanggap (受付番号)
receipt-received-at = Petsa at oras ng pagtanggap
receipt-quote-receipt-number-if = Pakibanggit po ang numero ng pagtanggap kapag makikipag-ugnayan kayo sa amin. Makikita ninyo ang kalagayan ng pagsusuri sa Aking Pahina.
receipt-go-my-page = Pumunta sa Aking Pahina

## my_applications
my-applications-unfinished-applications-drafts = Mga hindi pa tapos na aplikasyon (draft)
my-applications-kept = na-save
my-applications-sent-applications = Mga naipadalang aplikasyon
my-applications-have-no-applications-yet = Wala pa po kayong aplikasyon.
my-applications-procedures-can-apply-online = Mga pamamaraang maaaring i-apply online

## my_application
my-application-my-applications = Kalagayan ng mga aplikasyon
my-application-city-has-asked-correct = Hiniling po ng Lungsod na itama (補正) ninyo ang inyong aplikasyon.
my-application-correct-send-again = Itama at ipadala muli
my-application-withdraw-application = Bawiin ang aplikasyong ito
my-application-what-has-happened = Mga nangyari sa aplikasyon
my-application-from-section = Mensahe mula sa namamahalang seksyon
my-application-what-sent = Ang inyong ipinadala
my-application-disposed = Ang mga sagot at file ng aplikasyong ito ay itinapon noong { $date }, matapos ang panahon ng pag-iingat na { $years } taon. Nananatili ang numero ng pagtanggap, ang proseso, at ang mga nangyari.
my-application-disposed-short = Itinapon matapos ang panahon ng pag-iingat
my-application-message-from-section = Mensahe mula sa namamahalang seksyon
my-application-withdraw-question = Bawiin ang aplikasyong ito?
my-application-withdraw-consequence = Kapag binawi, hindi na susuriin ang aplikasyon, at hindi na ito maibabalik. Para mag-apply muli, magsimula ng bagong aplikasyon.
my-application-withdraw-not-yet = Wala pang binawi.
my-application-withdraw-confirm = Oo, bawiin ito
my-application-withdraw-cancel = Panatilihin ang aplikasyon

## login
login-could-not-signed = Hindi kayo nakapag-log in
login-forgot-password = Nakalimutan ang password?
login-new-here = Unang beses dito?
login-create-account = Gumawa ng account
login-residents = Para sa mga residente:
login-sign-here = mag-log in dito
login-city-staff = Para sa mga kawani ng Lungsod:
login-staff-sign = log in ng kawani

## register
register-with-account-can-follow = Kapag may account kayo, makikita ninyo sa Aking Pahina ang kalagayan ng inyong mga aplikasyon at masasagot ninyo ang mga hiling na pagtatama. Magpapadala kami ng e-mail sa address na inyong inirehistro upang ito ay kumpirmahin.
register-optional = opsyonal
register-required = kailangan
register-at-least-10-characters = Hindi bababa sa 10 character. Ang mahabang parirala ay madaling tandaan at mas ligtas.
register-send-check-mail = Ipadala ang e-mail ng kumpirmasyon
register-have-account = May account na?

## forgot
forgot-if-address-has-account = Kung may account ang address na ito, nagpadala kami roon ng e-mail para sa pag-reset ng password (may bisa ang link nang 1 oras).
forgot-send-mail = Ipadala ang e-mail para sa pag-reset

## reset
reset-set-password = Itakda ang password

## password
password-password-has-been-changed = Napalitan na ang inyong password. Na-log out na ang ibang device.
password-current-password = Kasalukuyang password
password-change-password = Palitan ang password

## notice
notice-if-mail-does-not = Kung hindi dumating ang e-mail ng kumpirmasyon
notice-send-check-mail-again = Ipadala muli ang e-mail ng kumpirmasyon

## account
account-status = Katayuan
account-see-my-applications = Tingnan ang kalagayan ng mga aplikasyon
account-open-inbox = Buksan ang listahan ng mga natanggap
account-manage-forms-workflows = Pamahalaan ang mga form at daloy ng proseso
account-change-password = Palitan ang password
account-sign-out = Mag-log out

## furigana (ipinapakita lamang sa madaling Japanese)
layout-furigana-off = Itago ang furigana
layout-furigana-on = Ipakita ang furigana

## catalog: counts and labels
catalog-result-count = { $count } na pamamaraan
procedure-cases-count = { $count } na kaso
procedure-unknown = Hindi alam
procedure-fee-free = Libre
procedure-fee-yen = { $amount } yen
procedure-fee-depends = Depende sa pamamaraan
procedure-standard-days = { $days } araw
procedure-offices-count = { $count } na tanggapan
category-childcare = Pag-aalaga ng bata
category-nursing-care = Pangangalaga (介護)
category-high-impact = Mataas ang epekto
category-other = Iba pa
status-online = Maaaring i-apply online
status-planned = Magiging online
status-not-online = Sa tanggapan o sa koreo
status-impossible = Hindi maaaring gawin online

## form fields
form-mark-required = kailangan
form-mark-optional = opsyonal
form-attached = Nakalakip:
form-attached-replace = { " " }— pumili ng ibang file para ito ay palitan.
form-add-item = Magdagdag ng { $label }
form-select-prompt = Pumili
form-part-family-name = Apelyido
form-part-given-name = Pangalan
form-part-family-name-kana = Apelyido (katakana)
form-part-given-name-kana = Pangalan (katakana)
form-part-bank-code = Code ng bangko (4 digit)
form-part-branch-code = Code ng sangay (3 digit)
form-part-account-type = Uri ng account (普通, 当座 o 貯蓄)
form-part-account-number = Numero ng account (hanggang 7 digit)
form-part-account-holder = Pangalan ng may-ari ng account (katakana)
form-answer-yes = Oo
form-answer-file = file

## application statuses
status-received = Natanggap na
status-reviewing = Sinusuri
status-correction-requested = Hinihiling ang pagtatama
status-resubmitted = Naitama na (naghihintay ng muling pagsusuri)
status-approved = Inaprubahan
status-rejected = Hindi inaprubahan
status-notice-issued = Nailabas na ang abiso
status-closed = Tapos na
status-withdrawn = Binawi

## shown when city texts on a page are not translated
layout-partly-japanese = May mga bahagi ng pahinang ito na hindi pa naisasalin kaya nasa wikang Hapon (may tuldok-tuldok na salungguhit).

## progress page
progress-title = Pag-usad ng online na serbisyo
progress-intro = Ang dalawang panukat ng plano ng Lungsod ng Nagoya para gawing online ang mga pamamaraan. Binibilang sa bawat taon ang mga pamamaraang magagawa online hanggang sa katapusan ng taong piskal na iyon, kasama ang mga nauna. Hindi kasama ang mga pamamaraang hindi maaaring gawing online ayon sa batas.
progress-cases-heading = Panukat ①: bilang ng kaso bawat taon
progress-procedures-heading = Panukat ②: bilang ng pamamaraan
progress-group = Grupo
progress-change = Pagbabago mula sa nakaraang taon
progress-all = Lahat ng pamamaraan
progress-procedures-count = { $count } na pamamaraan
progress-reference-only = May { $count } na pamamaraang hindi alam ang bilang bawat taon, kaya sanggunian lamang ang bilang ng kaso.
progress-charts = Mga tsart
progress-chart-categories = Pag-usad ayon sa kategorya at taon (panukat ②, plano)
progress-chart-bureaus = Pag-usad ayon sa kawanihan (panukat ①, aktuwal sa katapusan ng { $year })
progress-downloads = I-download ang datos
progress-download-csv = CSV (para sa spreadsheet)
progress-download-json = JSON (para sa mga sistema)
layout-progress = Pag-usad online
progress-bureaus-heading = Ayon sa kawanihan (① kaso bawat taon / ② pamamaraan)

## open data
open-data-title = Bukas na datos
open-data-intro = Ang listahan ng mga pamamaraan at ang mga panukat ng pag-online, inilathala para magamit muli ng kahit sino. Hindi nagbabago ang mga address. UTF-8 na may BOM ang mga CSV file.
open-data-datasets = Datos
open-data-procedures = Mga pamamaraan
open-data-indicators = Mga panukat ng pag-online
open-data-online-use = Paggamit online bawat pamamaraan, ayon sa taong piskal
open-data-columns = Kahulugan ng mga column
open-data-file = File
open-data-column = Column
layout-open-data = Bukas na datos
layout-congestion = Paghihintay sa mga counter
progress-download-xlsx = Excel (xlsx)

## staff sign-in: second step
twofa-code-title = Ilagay ang code
twofa-code-intro = Ilagay ang 6 na digit na code na ipinapakita ng iyong authenticator app. Kung wala ang iyong telepono, maaari kang maglagay ng isa sa iyong mga recovery code.
twofa-code-label = Code (o recovery code)
twofa-lost-device = Kung hindi mo magamit ang app o ang recovery code, hilingin sa system administrator na i-reset ang iyong two-step sign-in.
twofa-enter-code = Ilagay ang code
twofa-wrong-code = Mali ang code o nagamit na ito ({ $left } subok na lang)
twofa-enrol-title = I-set up ang two-step sign-in
twofa-enrol-intro = Nagsa-sign in ang mga kawani gamit ang password at code mula sa authenticator app (Google Authenticator, Microsoft Authenticator o iba pa). Isang beses lang ito ise-set up.
twofa-enrol-scan = I-scan ang QR code na ito gamit ang iyong authenticator app.
twofa-enrol-qr-alt = QR code para idagdag ang account na ito sa authenticator app
twofa-enrol-type = Kung hindi ma-scan, i-type ang key na ito sa app.
twofa-enrol-key = Key
twofa-enrol-uri = URI
twofa-enrol-confirm = Ilagay ang 6 na digit na code na ipinapakita ng app para suriin ang setup.
twofa-enrol-submit = I-set up at mag-sign in
twofa-recovery-title = Mga recovery code
twofa-recovery-intro = Naka-set up na ang two-step sign-in. I-print ang mga recovery code na ito o itago sa ligtas na lugar: bawat isa ay magagamit nang isang beses para mag-sign in kapag wala ang app. Hindi na muling ipapakita ang mga ito.
twofa-recovery-continue = Naitago ko na: magpatuloy

## passkeys
passkey-title = Mga passkey
passkey-intro = Sa passkey, nagsa-sign in ka gamit ang fingerprint, mukha o screen lock ng device na ito sa halip na password.
passkey-none = Wala ka pang passkey.
passkey-name = Pangalan
passkey-created = Idinagdag
passkey-last-used = Huling ginamit
passkey-remove = Alisin
passkey-add-heading = Magdagdag ng passkey
passkey-add = Magdagdag ng passkey sa device na ito
passkey-elsewhere = Idinadagdag at ginagamit ang mga passkey sa address na ito:
passkey-needs-script = Kailangan ng JavaScript para magdagdag ng passkey.
passkey-back = Bumalik sa aking pahina
passkey-working = Sundin ang mga tagubilin ng iyong device…
passkey-sign-in = Mag-sign in gamit ang passkey
passkey-default-name = Passkey
passkey-error-failed = Hindi magamit ang passkey.
passkey-error-unavailable = Hindi magagamit ang mga passkey sa site na ito.
passkey-error-expired = Masyadong natagalan. Pakisubukang muli.
passkey-error-unknown = Hindi nakarehistro ang passkey na ito.
passkey-error-too-many = Hindi na makapagdagdag ng passkey. Alisin ang mga hindi na ginagamit.
passkey-error-too-many-attempts = Masyadong maraming subok. Maghintay sandali at subukang muli.

## pag-sign in gamit ang account ng lungsod at ang gBizID (OpenID Connect)
sso-staff-button = Mag-sign in gamit ang account ng lungsod
sso-gbizid-button = Mga negosyo: mag-sign in gamit ang gBizID
sso-refused-title = Hindi ka naka-sign in
sso-unavailable = Hindi maabot ngayon ang serbisyo ng pag-sign in ng lungsod. Mag-sign in gamit ang e-mail address at password mo sa madoguchi, o subukan ulit mamaya.
sso-failed = Hindi natapos ang pag-sign in (masyadong natagalan, o sinimulan sa ibang browser). Pakisimulan ulit.
sso-no-role = Walang papel sa madoguchi ang account mo sa lungsod. Humingi sa IT department.
sso-no-account = Walang madoguchi account para sa pag-sign in na ito. Magtanong sa IT department.
sso-disabled = Naka-disable ang staff account na ito. Magtanong sa IT department.
sso-missing-claim = Hindi ibinigay ng serbisyo ng pag-sign in ng lungsod ang e-mail address mo. Magtanong sa IT department.
sso-gbizid-missing-claim = Hindi ibinigay ng gBizID ang corporate number at e-mail address ng account na ito. Mag-sign in gamit ang gBizID account ng negosyo (gBizID Prime o Member).
sso-back-to-login = Bumalik sa pahina ng pag-sign in

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
header-login = Mag-log in
header-my-page = Aking Pahina
header-logout = Mag-log out
header-back-office = Back office

# Guests follow an application by its receipt number and check code.
receipt-quote-receipt-number = Pakibanggit po ang numero ng pagtanggap kapag makikipag-ugnayan kayo sa amin.
receipt-check-code = Check code
receipt-guest-follow = Gamit ang numero ng pagtanggap at ang check code, makikita ninyo ang kalagayan ng inyong aplikasyon anumang oras, kahit walang account. Isulat ang mga ito o i-save ang pahinang ito; nasa e-mail ng pagtanggap din ang mga ito.
receipt-check-status = Tingnan ang kalagayan ng aplikasyon
guest-status-title = Tingnan ang kalagayan ng aplikasyon
guest-status-intro = Ilagay ang numero ng pagtanggap at ang check code. Nasa pahina ng pagtanggap noong nag-apply kayo at nasa e-mail ng pagtanggap ang check code. Hindi kailangan ng account.
guest-status-receipt-number = Numero ng pagtanggap
guest-status-receipt-hint = Halimbawa: R8-0000123
guest-status-check-code = Check code
guest-status-code-hint = Halimbawa: AB12C-D34EF (10 titik at numero; puwede ang maliliit na titik)
guest-status-check = Tingnan
guest-status-not-found = Hindi tama ang numero ng pagtanggap o ang check code. Pakisuri at subukan muli.
guest-status-procedure = Proseso
guest-status-current = Kalagayan ngayon
guest-status-keep-title = Itago sa Aking Pahina
guest-status-keep-signed-in = Maaari ninyong idagdag ang aplikasyong ito sa inyong Aking Pahina. Pagkatapos, sa inyong account darating ang mga abiso tungkol dito.
guest-status-keep-button = Idagdag sa Aking Pahina
guest-status-keep-sign-in = Mag-sign in upang idagdag ang aplikasyong ito sa Aking Pahina. Kung wala pang account, maaari kayong gumawa (pagkatapos, buksan muli ang pahinang ito mula sa link sa e-mail ng pagtanggap).
guest-status-sign-in = Mag-sign in
guest-status-register = Gumawa ng account
guest-status-another = Tingnan ang ibang aplikasyon
# forms: filling a form (prefill, bank picker, dates, language switch)
form-entry = { $label }: ika-{ $n }
form-latin-allowed = Maaaring isulat ng mga dayuhan ang furigana sa letrang Latin, gaya ng nasa residence card o pasaporte.
form-bank-name = Pangalan ng bangko (kanji, kana o romaji)
form-bank-search = Hanapin ang bangko
form-branch-name = Pangalan ng sangay (kanji, kana o romaji)
form-branch-search = Hanapin ang sangay
form-bank-none-found = Walang nahanap. Subukan ang ibang pangalan o ilagay ang code.
form-account-type-ordinary = Ordinary (普通)
form-account-type-current = Current (当座)
form-account-type-savings = Savings (貯蓄)
form-switch-language = Palitan ang wika (maiingatan ang inilagay mo)
form-switch-language-to = Wika

# identity: the profile that fills forms
profile-title = Profile (inilalagay sa mga form)
profile-birth-date = Petsa ng kapanganakan
profile-postal-code = Postal code
profile-address = Address
profile-phone = Numero ng telepono
profile-save = I-save
profile-saved = Nai-save. Ang mga bagong aplikasyon ay magsisimula sa mga detalyeng ito.
profile-help = Ang itatabi mo rito ay ilalagay sa mga bagong form, at mababago mo pa roon. Opsyonal ang lahat.
prefill-offer = Kung mas gusto mong ibigay ito sa counter, itago rito ang iyong mga sagot bilang QR code. Ipakita ito pagdating mo sa opisina: walang form na susulatan.
prefill-make = Ibigay sa counter (gumawa ng QR code)
prefill-title = Ang iyong QR code para sa counter
prefill-show-at-counter = Pagdating mo sa opisina, ipakita ang QR code na ito sa counter. Walang form na susulatan.
prefill-procedure = Proseso
prefill-code = Code (kung hindi mabasa ang QR code, sabihin ito sa counter)
prefill-expires = May bisa hanggang
prefill-print = I-print
prefill-no-personal-data = Walang personal na datos ang QR code. Buburahin ang iyong mga sagot kapag nag-expire ito.
prefill-cancel = Kanselahin ang QR code na ito
prefill-cancel-confirm = Kapag kinansela, buburahin ang iyong mga sagot at hindi na magagamit ang QR code na ito. Kanselahin?
prefill-cancelled = Nakansela na. Nabura na ang iyong mga sagot.
prefill-expired = Nag-expire na ang QR code na ito. Pakisagutan muli ang form.
prefill-accepted = Natanggap sa counter. Ang receipt number ay { $receipt }.
prefill-not-found = Walang ganoong QR code: kinansela ito, o nag-expire at nabura.
catalog-bereavement-guide = Pagkatapos mamatay ang isang kapamilya: sagutin ang ilang tanong para sa listahan ng mga proseso (gabay sa pagdadalamhati)
catalog-life-event-guide = Hanapin ang proseso ayon sa pangyayari: paglipat, kapanganakan, kasal … (gabay)
catalog-ask-assistant = Magtanong (katulong 24 oras)
assistant-answer-online = Ito ang "{ $name }". Maaari kang mag-apply online; tingnan ang pahina ng proseso.
assistant-answer-counter = Ito ang "{ $name }", tinatanggap ng { $place }. Tingnan ang pahina ng proseso.
assistant-answer-more = Kasama rin ang mga kaugnay na proseso.
assistant-abstain = Paumanhin, walang nahanap na sagot. Tumawag sa Nagoya Oshiete Dial (052-953-7584, araw-araw 8:00–21:00) o tingnan ang pahina ng pakikipag-ugnayan.
assistant-title = Magtanong
assistant-intro = Isulat ang tanong tungkol sa isang proseso. Sasagot mula sa listahan ng mga proseso at FAQ, kasama ang mga pahinang ginamit. Kapag hindi alam, sasabihin kung saan magtatanong.
assistant-label = Tanong
assistant-ask = Magtanong
assistant-sources = Mga pahinang ginamit
assistant-you-asked = Ang tanong mo
assistant-privacy = Itinatago ang mga tanong nang walang pangalan, numero o address, para sa pagpapabuti ng FAQ. Huwag maglagay ng personal na impormasyon.
assistant-guide-link = Hanapin ayon sa pangyayari (gabay)
assistant-question-missing = Mag-type ng tanong.
