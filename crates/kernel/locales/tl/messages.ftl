# Mga error at paalala para sa residente (Tagalog)

## Mga karaniwang error
error-invalid-request = May mali sa inyong inilagay.
error-page-expired = Nag-expire na ang pahinang ito. Pakisubukan po ulit.
error-request-too-large = Masyadong malaki ang ipinadala.
error-busy = Abala ang serbisyo. Maghintay sandali at ipadala muli.
error-internal = Nagkaproblema sa server. Pakisubukan po ulit mamaya.
error-page-not-found = Hindi makita ang pahina.
error-title = Error
error-too-many-attempts = Masyadong maraming pagsubok sa maikling panahon. Pakihintay po ang mga { $minutes } minuto at subukan ulit.

## pages
pages-staff-sign = Log in ng kawani
pages-sign = Mag-log in
pages-e-mail-address-verified = Nakumpirma na ang e-mail address
pages-e-mail-address-not = Hindi pa nakukumpirma ang e-mail address
pages-my-page = Aking Pahina
pages-staff-page = Pahina ng kawani
pages-form-could-not-read = Hindi mabasa ang inyong inilagay.
pages-enter-e-mail-address = Pakilagay po ang inyong e-mail address.
pages-enter-password = Pakilagay po ang inyong password.
pages-e-mail-address-password = Mali ang e-mail address o password.
pages-e-mail-address-has = Hindi pa nakukumpirma ang inyong e-mail address. Pakibuksan po ang link sa e-mail na ipinadala namin noong kayo ay nagparehistro (kung hindi dumating ang e-mail, maaari itong ipadala muli mula sa "Gumawa ng account").

## registration
registration-check-mail = Nagpadala kami ng e-mail ng kumpirmasyon
registration-create-account = Paggawa ng account
registration-account-ready = Tapos na ang pagpaparehistro
registration-address-confirmed-sign-apply = Nakumpirma na ang inyong e-mail address. Maaari na kayong mag-log in at mag-apply.
registration-sign = Mag-log in
registration-link-cannot-used = Hindi magagamit ang link na ito
registration-link-has-expired-after = Nag-expire na ang link (may bisa lamang nang 24 na oras) o nagamit na ito. Pakipadala po muli ang e-mail ng kumpirmasyon.
registration-enter-valid-e-mail = Pakilagay po nang tama ang e-mail address.
registration-enter-valid-e-mail-2 = Pakilagay po nang tama ang e-mail address (halimbawa: nagoya@example.jp).
registration-choose-password = Pumili po ng password na gagamitin sa pag-log in. Kapag naitakda ito, kumpleto na ang pagkumpirma ng inyong e-mail address at ang pagpaparehistro.

## password-reset
password-reset-forgot-password = Nakalimutan ang password
password-reset-set-new-password = Pagtatakda ng bagong password
password-reset-new-password-set = Naitakda na ang password
password-reset-link-has-expired-was = Nag-expire na o nagamit na ang link na ito. Pakisubukan po ulit mula sa "Nakalimutan ang password?".

## password-change
password-change-change-password = Pagpapalit ng password
password-change-current-password-not-correct = Mali ang kasalukuyang password.

## apply
apply-continue = Suriin ang inilagay
apply-can-go-from-draft = Maaari ninyong ituloy ang naka-save na draft
apply-application-has-been-received = Natanggap na ang inyong aplikasyon
apply-draft-kept-can-go = Na-save na ang draft. Maaari ninyo itong ituloy anumang oras mula sa Aking Pahina.
apply-check-answers = Pagsusuri ng inyong inilagay
apply-application-has-already-been = Naipadala na ang aplikasyong ito.

## attachments
attachments-form-could-not-read = Hindi mabasa ang ipinadala. Pakilagay po ulit.
attachments-no-such-attachment = Hindi makita ang nakalakip na file.

## my-page
my-page-my-applications = Kalagayan ng mga aplikasyon
my-page-receipt = Numero ng pagtanggap
my-page-correction = Pagtatama (補正)
my-page-send-corrected-application = Ipadala muli ang naitamang aplikasyon

## api
api-idempotency-key-must-ascii = Ang Idempotency-Key ay dapat binubuo ng mga ASCII na character.
api-comment-must-at-most = Ang komento ay hanggang 2000 character lamang.
api-request-body-cannot-read = Hindi mabasa ang ipinadala.
api-idempotency-key-was-used = Nagamit na ang Idempotency-Key na ito sa isang aplikasyong may ibang nilalaman.

## validate
validate-send-answers-as-json = Ipadala ang mga sagot bilang JSON object ng mga pangalan ng field at ng mga halaga nito.


## form
form-form-has-no-field = Walang field na "{ $key }" sa form na ito.
form-enter-at-least = Para sa { $label }, maglagay po ng hindi bababa sa { $min } entry.
form-text = Ang { $label } ay dapat isulat bilang teksto.
form-at-most-characters = Ang { $label } ay hanggang { $max } character lamang.
form-at-least-characters = Ang { $label } ay dapat hindi bababa sa { $min } character.
form-contains-characters-that-cannot = May mga character sa { $label } na hindi maaaring gamitin.
form-not-expected-format = Mali ang format ng { $label }.
form-number = Ang { $label } ay dapat numero.
form-whole-number = Ang { $label } ay dapat buong numero.
form-at-least = Ang { $label } ay dapat { $min } o higit pa.
form-at-most = Ang { $label } ay dapat { $max } o mas mababa.
form-date-such-as-2023 = Ilagay po ang { $label } sa anyong "2023-04-01" o "令和5年4月1日".
form-after = Ang { $label } ay dapat petsang { $date } o pagkatapos nito.
form-before = Ang { $label } ay dapat petsang { $date } o bago nito.
form-choose-from-list = Pumili po ng { $label } mula sa mga pagpipilian.
form-true-false = Hindi tama ang halaga ng { $label }.
form-not-valid-e-mail = Mali ang format ng { $label } (halimbawa: taro@example.jp).
form-10-11-digit-number = Ilagay po ang { $label } bilang numerong may 10 o 11 digit na nagsisimula sa 0.
form-7-digits-e-g = Ilagay po ang { $label } bilang numerong may 7 digit (halimbawa: 460-8508).
form-list = Mali ang format ng { $label }.
form-takes-between-entries = Ang { $label } ay dapat mula { $min } hanggang { $max } entry.
form-entry-malformed = Mali ang format ng ika-{ $n } na entry ng { $label }.
form-malformed = Mali ang format ng { $label }.
form-enter = Pakilagay po ang { $part } ng { $label }.
form-at-most-characters-2 = Ang { $part } ng { $label } ay hanggang { $max } character lamang.
form-write-katakana = Isulat po sa katakana ang { $part } ng { $label }.
form-up-digits = Ang { $name } ay dapat numerong hanggang { $max } digit.
form-exact-digits = Ang { $name } ay dapat numerong may { $max } digit.
form-write-account-holder-katakana = Isulat po ang pangalan ng may-ari ng account (口座名義) sa katakana, ayon sa nakasulat sa passbook (通帳) (hindi magagamit: { $bad }).
form-file-missing-attach-again = Hindi makita ang nakalakip na file para sa { $label }. Pakilakip po ito ulit.
form-one = Ilakip po ang { $label } sa isa sa mga format na ito: { $value }.
form-file-too-large-up = Masyadong malaki ang file para sa { $label } (hanggang { $mb } MB lamang).
form-required = Pakilagay po ang { $label }.
form-choose = Pakipili po ang { $label }.
form-attach = Pakilakip po ang { $label }.
form-choose-account-type = Pumili po ng uri ng account: 普通 (ordinaryo), 当座 (current) o 貯蓄 (savings).
form-enter-account-holder = Pakilagay po ang pangalan ng may-ari ng account (sa katakana).

## search and accounts
search-whole-number = Ang { $name } ay dapat buong numero mula 1 hanggang { $max }.
search-words-too-long = Ang mga salitang hahanapin ay hanggang { $max } character lamang.
search-no-category = Walang kategoryang "{ $value }" (gamitin ang childcare, nursing_care, high_impact o other).
search-no-bureau = Walang kawanihang (局) "{ $value }".
search-unreadable-query = Hindi mabasa ang mga kondisyon ng paghahanap.
procedure-not-found = Hindi makita ang pamamaraang "{ $id }".
password-too-short = Ang password ay dapat hindi bababa sa { $min } character.
password-too-long = Ang password ay hanggang { $max } character lamang.

## uploads and applications
upload-empty = Walang laman ang napiling file.
upload-unknown-type = Hindi maaaring ilakip ang ganitong uri ng file (gumamit po ng PDF, JPEG, PNG, HEIC, GIF o WebP).
upload-too-large = Masyadong malaki ang file (hanggang { $mb } MB lamang).
upload-quota-reached = Naabot na ang limitasyon sa pag-upload. Pakisubukan po ulit pagkalipas ng mga { $minutes } minuto.
upload-not-stored = Hindi ma-save ang file. Pakisubukan po ulit mamaya.
upload-request-too-large = Masyadong malaki ang ipinadala (hanggang { $mb } MB lamang ang kabuuan ng mga nakalakip na file).
apply-not-online = Hindi maaaring i-apply online ang pamamaraang "{ $id }".
my-page-no-application = Hindi makita ang aplikasyong may numero ng pagtanggap na "{ $receipt }".

## names of the parts of a field, used inside messages
part-family-name = apelyido
part-given-name = pangalan
part-family-name-kana = apelyido sa katakana
part-given-name-kana = pangalan sa katakana
part-bank-code = code ng bangko
part-branch-code = code ng sangay
part-account-number = numero ng account

## registration
registration-mail-sent = Nagpadala kami ng e-mail sa { $email }. Buksan po ang link dito para matapos ang pagrehistro (may bisa sa loob ng 24 na oras).

# forms: filling a form
form-write-katakana-or-latin = Isulat po sa katakana o letrang Latin ang { $part } ng { $label }.
form-unknown-bank = Walang bangko na may code na { $code }. Hanapin ito sa pangalan at piliin.
form-unknown-branch = Walang sangay ang bangkong ito na may code na { $code }. Hanapin ito sa pangalan at piliin.

# identity: the profile that fills forms
profile-bad-birth-date = Ilagay po ang petsa ng kapanganakan gaya ng 1988-05-12.
profile-bad-postal-code = Ilagay po ang postal code bilang 7 digit.
profile-bad-address = Hanggang { $max } character po ang address, walang control character.
profile-bad-phone = Ilagay po ang numero ng telepono na 10 o 11 digit na nagsisimula sa 0.
