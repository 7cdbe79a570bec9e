# 주민용 화면 문구(한국어)

## layout
layout-online-counter = 온라인 창구
layout-skip-main-content = 본문으로 이동
layout-main-menu = 메인 메뉴
layout-language = 언어
layout-madoguchi-open-source-online = madoguchi — 행정 절차 온라인 창구(오픈 소스)

## common
common-find-procedure = 절차 찾기
common-category = 분류
common-tags = 태그
common-are-here = 현재 위치
common-there-problem = 입력 내용을 확인해 주십시오
common-e-mail-address = 이메일 주소
common-password = 비밀번호
common-sign = 로그인
common-name = 이름
common-new-password = 새 비밀번호
common-at-least-10-characters = 10자 이상.

## error
error-back-list-procedures = 절차 목록으로 돌아가기

## catalog
catalog-there-problem-with-search = 검색 조건에 오류가 있습니다
catalog-keywords-japanese-english = 키워드(일본어: 한자·히라가나·가타카나)
catalog-narrow-down = 조건으로 좁히기
catalog-narrow-down-2 = 검색 조건
catalog-all = 전체
catalog-life-event = 라이프 이벤트
catalog-bureau = 담당 부서(국)
catalog-tag = 태그
catalog-only-procedures-available-online = 온라인으로 신청할 수 있는 절차만
catalog-search = 검색
catalog-popular-tags = 자주 쓰이는 태그
catalog-no-procedure-matched-try = 해당하는 절차를 찾지 못했습니다. 검색어를 짧게 하거나 히라가나로 입력해 보십시오.
catalog-did-you-mean = 혹시 이것을 찾으셨나요:
catalog-showing-corrected = 입력하신 검색어로는 찾지 못해 다음 검색어의 결과를 표시합니다:
catalog-partial-match = 모든 검색어를 포함하는 절차가 없어, 일부 검색어를 포함하는 절차를 표시합니다.
catalog-pages = 페이지 이동
catalog-previous-page = 이전 페이지
catalog-next-page = 다음 페이지

## procedure
procedure-apply-online = 온라인으로 신청하기
procedure-handled-by = 담당
procedure-online = 온라인화
procedure-since = 시작일
procedure-planned = 예정
procedure-reason = 사유
procedure-fee = 수수료
procedure-legal-basis = 근거
procedure-standard-processing-time = 표준 처리 기간
procedure-cases-year = 연간 건수
procedure-what-bring-attach = 준비물
procedure-where-go = 창구
procedure-life-events = 관련 라이프 이벤트

## apply
apply-what-correct = 보정 요청 내용
apply-keep-as-draft = 임시 저장

## confirm
confirm-application-like-one-has = 같은 분이 같은 내용으로 신청한 내역이 이미 있습니다
confirm-check-are-not-applying = 중복 신청이 아닌지 확인해 주십시오. 이대로 전송할 수도 있습니다.
confirm-send-application = 이 내용으로 신청하기
confirm-go-back-change = 입력 화면으로 돌아가 수정하기

## receipt
receipt-receipt-number = 접수 번호
receipt-received-at = 접수 일시
receipt-quote-receipt-number-if = 문의하실 때는 접수 번호를 알려 주십시오. 심사 상황은 마이페이지에서 확인할 수 있습니다.
receipt-go-my-page = 마이페이지로

## my_applications
my-applications-unfinished-applications-drafts = 입력 중인 신청(임시 저장)
my-applications-kept = 저장
my-applications-sent-applications = 전송한 신청
my-applications-have-no-applications-yet = 아직 신청 내역이 없습니다.
my-applications-procedures-can-apply-online = 온라인으로 신청할 수 있는 절차

## my_application
my-application-my-applications = 신청 현황
my-application-city-has-asked-correct = 시에서 보정(수정) 요청이 있습니다.
my-application-correct-send-again = 내용을 수정하여 다시 제출하기
my-application-withdraw-application = 이 신청 취하하기
my-application-what-has-happened = 지금까지의 경과
my-application-from-section = 담당 부서의 연락
my-application-what-sent = 신청한 내용
my-application-disposed = 이 신청의 입력 내용과 첨부 서류는 보존 기간({ $years }년)이 지나 { $date }에 폐기했습니다. 접수 번호, 절차, 처리 경과는 남아 있습니다.
my-application-disposed-short = 보존 기간 만료로 폐기됨
my-application-message-from-section = 담당 부서의 안내
my-application-withdraw-question = 이 신청을 취하하시겠습니까?
my-application-withdraw-consequence = 취하하면 이 신청은 심사되지 않으며, 취하는 되돌릴 수 없습니다. 다시 신청하려면 처음부터 새로 신청해 주십시오.
my-application-withdraw-not-yet = 아직 취하되지 않았습니다.
my-application-withdraw-confirm = 취하하기(확정)
my-application-withdraw-cancel = 취하하지 않고 돌아가기

## login
login-could-not-signed = 로그인하지 못했습니다
login-forgot-password = 비밀번호를 잊은 경우
login-new-here = 처음 이용하시는 분은
login-create-account = 계정 만들기
login-residents = 주민이신 분은
login-sign-here = 여기에서 로그인
login-city-staff = 직원이신 분은
login-staff-sign = 직원 로그인

## register
register-with-account-can-follow = 계정을 만들면 마이페이지에서 신청 현황을 확인하고 보정 요청에 답할 수 있습니다. 등록한 이메일 주소로 확인 메일을 보내 드립니다.
register-optional = 선택
register-required = 필수
register-at-least-10-characters = 10자 이상. 긴 문장을 사용하면 기억하기 쉽고 안전합니다.
register-send-check-mail = 확인 메일 보내기
register-have-account = 계정이 있으신 분은

## forgot
forgot-if-address-has-account = 등록된 주소라면 해당 주소로 비밀번호 재설정 메일을 보냈습니다(1시간 유효).
forgot-send-mail = 재설정 메일 보내기

## reset
reset-set-password = 비밀번호 설정하기

## password
password-password-has-been-changed = 비밀번호를 변경했습니다. 다른 기기의 로그인은 종료되었습니다.
password-current-password = 현재 비밀번호
password-change-password = 비밀번호 변경하기

## notice
notice-if-mail-does-not = 확인 메일이 도착하지 않은 경우
notice-send-check-mail-again = 확인 메일 다시 보내기

## account
account-status = 상태
account-see-my-applications = 신청 현황 보기
account-open-inbox = 접수 목록 열기
account-manage-forms-workflows = 신청서와 처리 흐름 관리하기
account-change-password = 비밀번호 변경하기
account-sign-out = 로그아웃

## furigana (쉬운 일본어에서만 표시)
layout-furigana-off = 후리가나 숨기기
layout-furigana-on = 후리가나 표시하기

## catalog: 건수와 표시
catalog-result-count = 절차 { $count }건
procedure-cases-count = { $count }건
procedure-unknown = 알 수 없음
procedure-fee-free = 무료
procedure-fee-yen = { $amount }엔
procedure-fee-depends = 절차에 따라 다릅니다
procedure-standard-days = { $days }일
procedure-offices-count = 창구 { $count }곳
category-childcare = 육아
category-nursing-care = 개호(介護)
category-high-impact = 효과 높음
category-other = 기타
status-online = 온라인 신청 가능
status-planned = 온라인화 예정
status-not-online = 창구·우편으로 접수
status-impossible = 온라인화할 수 없는 절차

## form fields
form-mark-required = 필수
form-mark-optional = 선택
form-attached = 첨부 완료:
form-attached-replace = { " " }다른 파일을 선택하면 교체됩니다.
form-add-item = { $label } 추가
form-select-prompt = 선택해 주십시오
form-part-family-name = 성
form-part-given-name = 이름
form-part-family-name-kana = 성(가타카나)
form-part-given-name-kana = 이름(가타카나)
form-part-bank-code = 금융기관 코드(4자리)
form-part-branch-code = 지점 코드(3자리)
form-part-account-type = 예금 종류(普通·当座·貯蓄)
form-part-account-number = 계좌 번호(7자리 이내)
form-part-account-holder = 예금주(가타카나)
form-answer-yes = 예
form-answer-file = 파일

## application statuses
status-received = 접수 완료
status-reviewing = 심사 중
status-correction-requested = 보정 요청 중
status-resubmitted = 보정 완료(재심사 대기)
status-approved = 승인
status-rejected = 불승인
status-notice-issued = 통지서 발행 완료
status-closed = 완료
status-withdrawn = 취하

## shown when city texts on a page are not translated
layout-partly-japanese = 이 페이지의 일부는 아직 번역되지 않아 일본어로 표시됩니다(점선 밑줄 부분).

## progress page
progress-title = 온라인화 진행 상황
progress-intro = 나고야시 행정절차 온라인화 계획의 두 가지 평가 지표입니다. 각 연도 말까지 온라인으로 신청할 수 있는 절차를 이전 연도분을 포함하여 셉니다. 법령상 온라인화할 수 없는 절차는 제외합니다.
progress-cases-heading = 평가 지표① 연간 총건수
progress-procedures-heading = 평가 지표② 절차 수
progress-group = 구분
progress-change = 전년 대비
progress-all = 전체
progress-procedures-count = 절차 { $count }건
progress-reference-only = 연간 건수를 알 수 없는 절차가 { $count }건 있어 연간 총건수는 참고치입니다.
progress-charts = 그래프
progress-chart-categories = 분류별·연도별 진행 상황(지표②, 계획)
progress-chart-bureaus = 국별 진행 상황(지표①, { $year } 말 실적)
progress-downloads = 데이터 다운로드
progress-download-csv = CSV(스프레드시트용)
progress-download-json = JSON(시스템 연계용)
layout-progress = 온라인화 진행 상황
progress-bureaus-heading = 국별(① 연간 총건수 / ② 절차 수)

## open data
open-data-title = 오픈 데이터
open-data-intro = 절차 목록과 온라인화 평가 지표를 누구나 자유롭게 이용할 수 있도록 공개합니다. 주소는 바뀌지 않습니다. CSV는 UTF-8(BOM 포함)입니다.
open-data-datasets = 데이터
open-data-procedures = 절차 목록
open-data-indicators = 온라인화 평가 지표
open-data-online-use = 절차별 온라인 이용 현황(연도별)
open-data-columns = 열 설명
open-data-file = 파일
open-data-column = 열
layout-open-data = 오픈 데이터
layout-congestion = 창구 혼잡 상황
progress-download-xlsx = Excel(xlsx)

## staff sign-in: second step
twofa-code-title = 인증 코드 입력
twofa-code-intro = 인증 앱에 표시된 6자리 코드를 입력해 주세요. 휴대전화가 없을 때는 복구 코드 하나를 입력할 수 있습니다.
twofa-code-label = 인증 코드(또는 복구 코드)
twofa-lost-device = 앱과 복구 코드를 모두 사용할 수 없으면 시스템 관리자에게 2단계 인증 초기화를 요청해 주세요.
twofa-enter-code = 인증 코드를 입력해 주세요
twofa-wrong-code = 코드가 틀렸거나 이미 사용되었습니다(남은 횟수 { $left }회)
twofa-enrol-title = 2단계 인증 설정
twofa-enrol-intro = 직원 로그인에는 비밀번호와 인증 앱(Google Authenticator, Microsoft Authenticator 등)의 코드가 필요합니다. 처음에 한 번만 설정합니다.
twofa-enrol-scan = 인증 앱으로 이 QR 코드를 스캔합니다.
twofa-enrol-qr-alt = 인증 앱에 등록하기 위한 QR 코드
twofa-enrol-type = 스캔할 수 없으면 다음 키를 앱에 직접 입력합니다.
twofa-enrol-key = 키
twofa-enrol-uri = URI
twofa-enrol-confirm = 앱에 표시된 6자리 코드를 입력하여 설정을 확인합니다.
twofa-enrol-submit = 설정하고 로그인
twofa-recovery-title = 복구 코드
twofa-recovery-intro = 2단계 인증을 설정했습니다. 이 복구 코드를 인쇄하거나 안전한 곳에 보관해 주세요. 앱을 사용할 수 없을 때 코드 하나로 한 번 로그인할 수 있습니다. 이 화면은 다시 표시되지 않습니다.
twofa-recovery-continue = 보관했으니 계속

## passkeys
passkey-title = 패스키
passkey-intro = 패스키를 등록하면 비밀번호 대신 이 기기의 지문, 얼굴 인식 또는 화면 잠금으로 로그인할 수 있습니다.
passkey-none = 등록된 패스키가 없습니다.
passkey-name = 이름
passkey-created = 등록 일시
passkey-last-used = 마지막 사용
passkey-remove = 삭제
passkey-add-heading = 패스키 추가
passkey-add = 이 기기에 패스키 등록
passkey-elsewhere = 패스키는 다음 주소에서 등록하고 사용할 수 있습니다:
passkey-needs-script = 패스키를 등록하려면 JavaScript가 필요합니다.
passkey-back = 마이페이지로 돌아가기
passkey-working = 기기의 안내에 따라 주세요…
passkey-sign-in = 패스키로 로그인
passkey-default-name = 패스키
passkey-error-failed = 패스키를 사용할 수 없었습니다.
passkey-error-unavailable = 이 사이트에서는 패스키를 사용할 수 없습니다.
passkey-error-expired = 시간이 너무 지났습니다. 다시 시도해 주세요.
passkey-error-unknown = 등록되지 않은 패스키입니다.
passkey-error-too-many = 더 이상 패스키를 등록할 수 없습니다. 사용하지 않는 것을 삭제해 주세요.
passkey-error-too-many-attempts = 시도 횟수가 너무 많습니다. 잠시 후 다시 시도해 주세요.

## 시 계정 및 gBizID 로그인 (OpenID Connect)
sso-staff-button = 시 직원 계정으로 로그인
sso-gbizid-button = 사업자: gBizID로 로그인
sso-refused-title = 로그인할 수 없습니다
sso-unavailable = 현재 시의 인증 서비스에 연결할 수 없습니다. madoguchi 이메일 주소와 비밀번호로 로그인하거나 잠시 후 다시 시도해 주세요.
sso-failed = 로그인이 완료되지 않았습니다(시간이 너무 오래 걸렸거나 다른 브라우저에서 시작되었습니다). 처음부터 다시 시도해 주세요.
sso-no-role = 시 계정에 madoguchi 권한이 없습니다. 정보시스템 담당 부서에 문의해 주세요.
sso-no-account = 이 로그인에 해당하는 madoguchi 계정이 없습니다. 정보시스템 담당 부서에 문의해 주세요.
sso-disabled = 이 직원 계정은 사용 중지되었습니다. 정보시스템 담당 부서에 문의해 주세요.
sso-missing-claim = 시의 인증 서비스가 이메일 주소를 제공하지 않았습니다. 정보시스템 담당 부서에 문의해 주세요.
sso-gbizid-missing-claim = gBizID가 이 계정의 법인번호와 이메일 주소를 제공하지 않았습니다. 사업자의 gBizID 계정(gBizID 프라임 또는 멤버)으로 로그인해 주세요.
sso-back-to-login = 로그인 페이지로 돌아가기

## procedure: who, when, how to apply
procedure-who-can-apply = 신청 대상
procedure-deadline = 기한
procedure-how-apply = 신청 방법
procedure-apply-on-service = { $service }에서 신청하기
procedure-leaves-site = 다른 사이트로 이동합니다
way-form = 이 화면에서 온라인으로 신청할 수 있습니다.
way-external = { $service }에서 온라인으로 신청할 수 있습니다.
way-post = 우편으로 신청해 주십시오.
way-counter = 창구에서 신청해 주십시오.
way-unstated = 창구 또는 우편으로 접수합니다. 자세한 내용은 담당 부서에 문의해 주십시오.
procedure-contact = 문의
procedure-phone = 전화
procedure-email = 이메일
procedure-hours = 접수 시간

## header: signing in (public pages)
header-account-menu = 계정
header-login = 로그인
header-my-page = 마이페이지
header-logout = 로그아웃
header-back-office = 업무 화면

# Guests follow an application by its receipt number and check code.
receipt-quote-receipt-number = 문의하실 때는 접수 번호를 알려 주십시오.
receipt-check-code = 확인 코드
receipt-guest-follow = 접수 번호와 확인 코드로 계정 없이 언제든지 신청 상황을 확인할 수 있습니다. 메모하거나 이 화면을 저장해 주십시오. 접수 메일에도 적혀 있습니다.
receipt-check-status = 신청 상황 확인하기
guest-status-title = 신청 상황 확인
guest-status-intro = 접수 번호와 확인 코드를 입력해 주십시오. 확인 코드는 신청 시의 접수 화면과 접수 메일에 적혀 있습니다. 계정은 필요 없습니다.
guest-status-receipt-number = 접수 번호
guest-status-receipt-hint = 예: R8-0000123
guest-status-check-code = 확인 코드
guest-status-code-hint = 예: AB12C-D34EF (영문·숫자 10자, 소문자도 가능)
guest-status-check = 확인하기
guest-status-not-found = 접수 번호 또는 확인 코드가 올바르지 않습니다. 다시 확인해 주십시오.
guest-status-procedure = 절차
guest-status-current = 현재 상황
guest-status-keep-title = 마이페이지에서 관리하기
guest-status-keep-signed-in = 이 신청을 마이페이지에 추가할 수 있습니다. 추가하면 이후의 알림은 계정으로 전달됩니다.
guest-status-keep-button = 마이페이지에 추가하기
guest-status-keep-sign-in = 로그인하면 이 신청을 마이페이지에 추가할 수 있습니다. 계정이 없으면 만들 수 있습니다(만든 후 접수 메일의 링크로 이 페이지를 다시 열어 주십시오).
guest-status-sign-in = 로그인
guest-status-register = 계정 만들기
guest-status-another = 다른 신청 확인하기
# forms: filling a form (prefill, bank picker, dates, language switch)
form-entry = { $label } { $n }번째
form-latin-allowed = 외국 국적인 분은 후리가나를 로마자(재류카드·여권 표기)로 쓸 수 있습니다.
form-bank-name = 금융기관명(한자·가나·로마자)
form-bank-search = 은행 찾기
form-branch-name = 지점명(한자·가나·로마자)
form-branch-search = 지점 찾기
form-bank-none-found = 찾지 못했습니다. 다른 이름으로 찾거나 코드를 입력해 주십시오.
form-account-type-ordinary = 보통(普通)
form-account-type-current = 당좌(当座)
form-account-type-savings = 저축(貯蓄)
form-switch-language = 언어 바꾸기(입력한 내용은 저장됩니다)
form-switch-language-to = 언어

# identity: the profile that fills forms
profile-title = 프로필(신청서에 입력되는 정보)
profile-birth-date = 생년월일
profile-postal-code = 우편번호
profile-address = 주소
profile-phone = 전화번호
profile-save = 저장
profile-saved = 저장했습니다. 새 신청서에 이 내용이 입력됩니다.
profile-help = 여기에 저장한 내용은 새 신청서에 입력되며, 수정할 수도 있습니다. 모두 선택 사항입니다.
prefill-offer = 창구에서 제출하실 분은 여기에서 입력 내용을 저장하고 QR코드를 만들 수 있습니다. 방문 시 QR코드만 보여 주시면 신청서를 쓸 필요가 없습니다.
prefill-make = 창구에서 제출하기(QR코드 만들기)
prefill-title = 창구에서 보여 줄 QR코드
prefill-show-at-counter = 방문하시면 이 QR코드를 창구에서 보여 주십시오. 신청서를 쓸 필요가 없습니다.
prefill-procedure = 절차
prefill-code = 코드(QR코드를 읽을 수 없을 때는 창구에서 이 코드를 알려 주십시오)
prefill-expires = 유효 기한
prefill-print = 인쇄하기
prefill-no-personal-data = QR코드에는 개인정보가 들어 있지 않습니다. 입력한 내용은 기한이 지나면 삭제됩니다.
prefill-cancel = 이 QR코드 취소하기
prefill-cancel-confirm = 취소하면 입력한 내용이 삭제되고 이 QR코드는 사용할 수 없게 됩니다. 취소하시겠습니까?
prefill-cancelled = 취소했습니다. 입력한 내용은 삭제되었습니다.
prefill-expired = 이 QR코드는 기한이 지났습니다. 다시 입력해 주십시오.
prefill-accepted = 창구에서 접수했습니다. 접수 번호는 { $receipt }입니다.
prefill-not-found = 그 QR코드를 찾을 수 없습니다. 취소되었거나 기한이 지나 삭제되었습니다.
catalog-bereavement-guide = 가족이 돌아가셨을 때의 절차는 몇 가지 질문에 답하면 사별 절차 안내에서 한꺼번에 확인할 수 있습니다
catalog-life-event-guide = 이사·출생·결혼 등 생활 사건으로 절차 찾기(절차 가이드)
catalog-ask-assistant = 질문으로 찾기(24시간 안내)
assistant-answer-online = "{ $name }" 절차입니다. 온라인으로 신청할 수 있습니다. 절차 안내를 확인하세요.
assistant-answer-counter = "{ $name }" 절차입니다. { $place }에서 접수합니다. 절차 안내를 확인하세요.
assistant-answer-more = 관련 절차도 함께 안내합니다.
assistant-abstain = 죄송합니다. 질문에 답할 수 있는 정보를 찾지 못했습니다. 나고야 오시에테 다이얼(052-953-7584, 매일 8시~21시)로 문의하세요.
assistant-title = 질문으로 찾기
assistant-intro = 절차에 대한 질문을 입력하세요. 절차 목록과 자주 묻는 질문에서 답하고, 사용한 절차 안내를 보여 드립니다. 모를 때는 문의처를 안내합니다.
assistant-label = 질문
assistant-ask = 질문하기
assistant-sources = 참고한 절차 안내
assistant-you-asked = 질문 내용
assistant-privacy = 질문은 이름·번호·주소를 지우고 기록하여 자주 묻는 질문 개선에 사용합니다. 개인정보는 입력하지 마세요.
assistant-guide-link = 생활 사건으로 찾기
assistant-question-missing = 질문을 입력하세요.
