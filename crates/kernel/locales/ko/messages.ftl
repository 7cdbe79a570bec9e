# 주민에게 보여 주는 오류와 안내(한국어)

## 공통 오류
error-invalid-request = 입력 내용에 오류가 있습니다.
error-page-expired = 화면의 유효 기간이 지났습니다. 다시 시도해 주십시오.
error-request-too-large = 보낸 내용이 너무 큽니다.
error-busy = 지금 혼잡합니다. 잠시 후 다시 보내 주십시오.
error-internal = 서버에서 문제가 발생했습니다. 잠시 후 다시 시도해 주십시오.
error-page-not-found = 페이지를 찾을 수 없습니다.
error-title = 오류
error-too-many-attempts = 짧은 시간에 시도가 너무 많아 접수를 중단했습니다. 약 { $minutes }분 후에 다시 시도해 주십시오.

## pages
pages-staff-sign = 직원 로그인
pages-sign = 로그인
pages-e-mail-address-verified = 이메일 주소 확인 완료
pages-e-mail-address-not = 이메일 주소 미확인
pages-my-page = 마이페이지
pages-staff-page = 직원 페이지
pages-form-could-not-read = 입력 내용을 읽지 못했습니다.
pages-enter-e-mail-address = 이메일 주소를 입력해 주십시오.
pages-enter-password = 비밀번호를 입력해 주십시오.
pages-e-mail-address-password = 이메일 주소 또는 비밀번호가 올바르지 않습니다.
pages-e-mail-address-has = 이메일 주소 확인이 끝나지 않았습니다. 등록할 때 보내 드린 메일의 링크를 열어 주십시오(메일이 도착하지 않은 경우 ‘계정 만들기’에서 다시 보낼 수 있습니다).

## registration
registration-check-mail = 확인 메일을 보냈습니다
registration-create-account = 계정 만들기
registration-account-ready = 등록이 완료되었습니다
registration-address-confirmed-sign-apply = 이메일 주소가 확인되었습니다. 로그인하여 신청할 수 있습니다.
registration-sign = 로그인하기
registration-link-cannot-used = 이 링크는 사용할 수 없습니다
registration-link-has-expired-after = 링크의 유효 기간(24시간)이 지났거나 이미 사용된 링크입니다. 확인 메일을 다시 요청해 주십시오.
registration-enter-valid-e-mail = 이메일 주소를 올바르게 입력해 주십시오.
registration-enter-valid-e-mail-2 = 이메일 주소를 올바르게 입력해 주십시오(예: nagoya@example.jp).
registration-choose-password = 로그인에 사용할 비밀번호를 정해 주십시오. 설정하면 이메일 주소 확인과 등록이 완료됩니다.

## password-reset
password-reset-forgot-password = 비밀번호를 잊은 경우
password-reset-set-new-password = 새 비밀번호 설정
password-reset-new-password-set = 비밀번호가 설정되었습니다
password-reset-link-has-expired-was = 이 링크는 유효 기간이 지났거나 이미 사용되었습니다. ‘비밀번호를 잊은 경우’에서 다시 시도해 주십시오.

## password-change
password-change-change-password = 비밀번호 변경
password-change-current-password-not-correct = 현재 비밀번호가 올바르지 않습니다.

## apply
apply-continue = 입력 내용 확인하기
apply-can-go-from-draft = 임시 저장한 내용에 이어서 입력할 수 있습니다
apply-application-has-been-received = 신청이 접수되었습니다
apply-draft-kept-can-go = 임시 저장했습니다. 마이페이지에서 언제든지 이어서 입력할 수 있습니다.
apply-check-answers = 입력 내용 확인
apply-application-has-already-been = 이 신청은 이미 전송되었습니다.

## attachments
attachments-form-could-not-read = 전송 내용을 읽지 못했습니다. 다시 입력해 주십시오.
attachments-no-such-attachment = 첨부 파일을 찾을 수 없습니다.

## my-page
my-page-my-applications = 신청 현황
my-page-receipt = 접수 번호
my-page-correction = 보정
my-page-send-corrected-application = 이 내용으로 다시 제출하기

## api
api-idempotency-key-must-ascii = Idempotency-Key는 ASCII 문자로 지정해 주십시오.
api-comment-must-at-most = 코멘트는 2000자 이내로 입력해 주십시오.
api-request-body-cannot-read = 전송 내용을 읽을 수 없습니다.
api-idempotency-key-was-used = 이 Idempotency-Key는 다른 내용의 신청에 이미 사용되었습니다.

## validate
validate-send-answers-as-json = 답변은 항목 이름과 값의 쌍(JSON 객체)으로 보내 주십시오.


## form
form-form-has-no-field = 이 신청서에는 ‘{ $key }’ 항목이 없습니다.
form-enter-at-least = { $label } 항목을 { $min }건 이상 입력해 주십시오.
form-text = { $label } 항목은 문자로 입력해 주십시오.
form-at-most-characters = { $label } 항목은 { $max }자 이내로 입력해 주십시오.
form-at-least-characters = { $label } 항목은 { $min }자 이상으로 입력해 주십시오.
form-contains-characters-that-cannot = { $label } 항목에 사용할 수 없는 문자가 포함되어 있습니다.
form-not-expected-format = { $label } 항목의 형식이 올바르지 않습니다.
form-number = { $label } 항목은 숫자로 입력해 주십시오.
form-whole-number = { $label } 항목은 정수로 입력해 주십시오.
form-at-least = { $label } 항목은 { $min } 이상으로 입력해 주십시오.
form-at-most = { $label } 항목은 { $max } 이하로 입력해 주십시오.
form-date-such-as-2023 = { $label } 항목은 ‘2023-04-01’ 또는 ‘令和5年4月1日’(레이와 5년 4월 1일) 형식으로 입력해 주십시오.
form-after = { $label } 항목은 { $date } 이후의 날짜로 입력해 주십시오.
form-before = { $label } 항목은 { $date } 이전의 날짜로 입력해 주십시오.
form-choose-from-list = { $label } 항목은 보기 중에서 선택해 주십시오.
form-true-false = { $label } 항목의 값이 올바르지 않습니다.
form-not-valid-e-mail = { $label } 항목의 형식이 올바르지 않습니다(예: taro@example.jp).
form-10-11-digit-number = { $label } 항목은 0으로 시작하는 10자리 또는 11자리 번호로 입력해 주십시오.
form-7-digits-e-g = { $label } 항목은 7자리 숫자로 입력해 주십시오(예: 460-8508).
form-list = { $label } 항목의 형식이 올바르지 않습니다.
form-takes-between-entries = { $label } 항목은 { $min }건 이상 { $max }건 이하로 입력해 주십시오.
form-entry-malformed = { $label } 항목의 { $n }번째 입력의 형식이 올바르지 않습니다.
form-malformed = { $label } 항목의 형식이 올바르지 않습니다.
form-enter = { $label } 항목의 { $part } 칸을 입력해 주십시오.
form-at-most-characters-2 = { $label } 항목의 { $part } 칸은 { $max }자 이내로 입력해 주십시오.
form-write-katakana = { $label } 항목의 { $part } 칸은 가타카나로 입력해 주십시오.
form-up-digits = { $name } 칸은 { $max }자리 이내의 숫자로 입력해 주십시오.
form-exact-digits = { $name } 칸은 { $max }자리 숫자로 입력해 주십시오.
form-write-account-holder-katakana = 예금주(口座名義)는 통장에 적힌 대로 가타카나로 입력해 주십시오(사용할 수 없는 문자: { $bad }).
form-file-missing-attach-again = { $label } 항목의 첨부 파일을 찾을 수 없습니다. 다시 첨부해 주십시오.
form-one = { $label } 항목은 { $value } 형식으로 첨부해 주십시오.
form-file-too-large-up = { $label } 항목의 파일이 너무 큽니다({ $mb } MB까지).
form-required = { $label } 항목을 입력해 주십시오.
form-choose = { $label } 항목을 선택해 주십시오.
form-attach = { $label } 항목에 파일을 첨부해 주십시오.
form-choose-account-type = 예금 종류는 普通(보통)·当座(당좌)·貯蓄(저축) 중에서 선택해 주십시오.
form-enter-account-holder = 예금주(가타카나)를 입력해 주십시오.

## search and accounts
search-whole-number = { $name } 값은 1부터 { $max }까지의 정수로 지정해 주십시오.
search-words-too-long = 검색어는 { $max }자 이내로 입력해 주십시오.
search-no-category = 해당하는 분류가 없습니다: ‘{ $value }’(육아·개호·효과 높음·기타 중에서 지정).
search-no-bureau = 해당하는 소관 국이 없습니다: ‘{ $value }’.
search-unreadable-query = 검색 조건을 읽을 수 없습니다.
procedure-not-found = ‘{ $id }’ 절차를 찾을 수 없습니다.
password-too-short = 비밀번호는 { $min }자 이상으로 설정해 주십시오.
password-too-long = 비밀번호는 { $max }자 이내로 설정해 주십시오.

## uploads and applications
upload-empty = 선택한 파일이 비어 있습니다.
upload-unknown-type = 이 형식의 파일은 첨부할 수 없습니다(PDF·JPEG·PNG·HEIC·GIF·WebP 중 하나로 첨부해 주십시오).
upload-too-large = 파일이 너무 큽니다({ $mb } MB까지).
upload-quota-reached = 업로드 한도에 도달했습니다. 약 { $minutes }분 후에 다시 시도해 주십시오.
upload-not-stored = 파일을 저장하지 못했습니다. 잠시 후 다시 시도해 주십시오.
upload-request-too-large = 전송 내용이 너무 큽니다(첨부 파일은 합계 { $mb } MB까지).
apply-not-online = ‘{ $id }’ 절차는 온라인으로 신청할 수 없습니다.
my-page-no-application = 접수 번호 ‘{ $receipt }’의 신청을 찾을 수 없습니다.

## names of the parts of a field, used inside messages
part-family-name = 성
part-given-name = 이름
part-family-name-kana = 성(가타카나)
part-given-name-kana = 이름(가타카나)
part-bank-code = 금융기관 코드
part-branch-code = 지점 코드
part-account-number = 계좌번호

## registration
registration-mail-sent = { $email } 주소로 메일을 보냈습니다. 메일의 링크를 열면 등록이 완료됩니다(24시간 유효).

# forms: filling a form
form-write-katakana-or-latin = { $label } 항목의 { $part } 칸은 가타카나 또는 로마자로 입력해 주십시오.
form-unknown-bank = 코드 { $code }인 금융기관이 없습니다. 이름으로 찾아 선택해 주십시오.
form-unknown-branch = 이 금융기관에는 코드 { $code }인 지점이 없습니다. 이름으로 찾아 선택해 주십시오.

# identity: the profile that fills forms
profile-bad-birth-date = 생년월일은 1988-05-12 형식으로 입력해 주십시오.
profile-bad-postal-code = 우편번호는 7자리 숫자로 입력해 주십시오.
profile-bad-address = 주소는 { $max }자 이내로, 제어 문자 없이 입력해 주십시오.
profile-bad-phone = 전화번호는 0으로 시작하는 10자리 또는 11자리 숫자로 입력해 주십시오.
