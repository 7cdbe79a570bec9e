# The pages every public service has: privacy, terms, accessibility, contact, sitemap.
# 각 줄은 하나의 단락이며, "- "로 시작하는 줄은 목록, [문구](/경로)는 사이트 안의 링크입니다.

## footer and common
site-footer-nav = 이 사이트에 대하여
site-contents = 목차

## privacy policy
site-privacy-title = 개인정보 처리방침
site-privacy-lead =
    나고야시(이하 "시"라 합니다)는 행정절차 온라인 창구(이하 "본 서비스"라 합니다)에서 취급하는 개인정보를 「개인정보 보호에 관한 법률」(헤이세이 15년 법률 제57호, 이하 "법"이라 합니다) 및 「나고야시 개인정보 보호에 관한 법률 시행조례」에 따라 다음과 같이 적정하게 취급합니다.
site-privacy-collected-h = 1 수집하는 개인정보
site-privacy-collected =
    본 서비스는 다음의 개인정보를 수집합니다.
    - 계정 정보: 이름, 이메일 주소, 비밀번호(원래대로 되돌릴 수 없는 형태로 변환하여 저장합니다), 패스키를 등록한 경우 그 공개 키
    - 신청 내용과 첨부 파일: 신청서에 입력한 사항(주소, 생년월일, 연락처 등)과 업로드한 서류
    - 수수료 결제 기록: 금액, 결제 방법, 일시, 결제 사업자의 거래 번호. 신용카드 번호는 결제 사업자의 화면에서 입력하며 시는 수집하지 않습니다.
    - 이용 기록: 접속한 IP 주소, 일시, 열람한 페이지, 로그인의 성공과 실패, 직원이 신청을 열람한 기록
    - 이메일: 본 서비스가 보내는 메일의 수신 주소와 본문
site-privacy-purposes-h = 2 이용 목적
site-privacy-purposes =
    수집한 개인정보는 다음 목적에 필요한 범위에서만 이용합니다.
    - 신청한 절차의 접수, 심사, 결정 및 통지
    - 신청자와의 연락 및 본인 확인
    - 수수료의 수납과 환불
    - 부정 이용 방지와 본 서비스의 안전한 운영
    - 개인을 식별할 수 없는 형태로 집계한 통계 작성(온라인화 진행 상황 등)
    법령에 근거한 경우를 제외하고, 이용 목적 이외의 목적으로 이용하거나 제공하지 않습니다(법 제69조).
site-privacy-kept-h = 3 보존 기간
site-privacy-kept =
    개인정보는 다음 기간 동안 보존하며, 기간이 지나면 삭제합니다.
    - 신청 기록과 첨부 파일: 절차마다 정한 보존 기간(정하지 않은 절차는 { $years }년). 기간은 절차가 끝난 날이 속한 연도의 다음 연도 4월 1일부터 셉니다. 기간이 지나면 신청 내용, 첨부 파일, 직원의 내부 메모를 삭제하고 접수 번호, 절차명, 날짜 등 통계에 필요한 사항만 남깁니다.
    - 도중에 저장한 신청(임시 저장): 마지막으로 저장한 후 { $draft_days }일
    - 신청에 사용되지 않은 업로드 파일: 업로드 후 { $upload_days }일
    - 보낸 이메일: 보낸 후 { $mail_days }일
    - 로그인 실패 기록: { $failure_days }일
    - 로그인 상태: 로그인 후 { $resident_hours }시간이 지나면 종료됩니다(직원은 { $staff_hours }시간).
    - 계정 정보: 삭제 요청이 있을 때까지. 본 서비스에는 아직 스스로 계정을 삭제하는 기능이 없으므로 [문의](/contact) 창구에 요청해 주십시오.
    - 수수료 결제 기록: 회계 기록으로 보존합니다. 본 서비스에서는 아직 삭제 기한을 정하지 않았습니다.
    - 직원의 신청 열람 기록과 신청 변경 기록(감사 기록): 부정이 없음을 확인하기 위해 기한 없이 보존합니다.
    - 서버의 동작 기록(IP 주소, 일시, 페이지): 시가 운영하는 시스템의 기록 관리 규정에 따릅니다.
site-privacy-who-h = 4 개인정보를 볼 수 있는 사람
site-privacy-who =
    - 신청을 담당하는 과의 직원: 담당하는 절차의 신청에 한하여 볼 수 있습니다. 다른 과의 직원은 볼 수 없습니다.
    - 총무국 디지털개혁추진과 직원: 본 서비스의 관리와 통계 작성에 필요한 범위에서 취급합니다.
    - 본 서비스의 운영 및 유지보수를 위탁받은 사업자: 계약으로 안전 관리 조치와 비밀 유지를 의무화합니다(법 제66조 제2항).
    - 결제 사업자: 수수료를 결제할 때 금액과 거래 번호를 받습니다.
    법령에 근거한 경우를 제외하고, 본인의 동의 없이 제3자에게 제공하지 않습니다.
site-privacy-basis-h = 5 근거 법령
site-privacy-basis =
    시는 「개인정보 보호에 관한 법률」 및 「나고야시 개인정보 보호에 관한 법률 시행조례」에 따라 개인정보를 취급합니다. 개인정보를 수집하는 근거는 절차마다 법률, 조례, 규칙 등으로 정해져 있으며, 각 절차 페이지의 "근거"에 기재되어 있습니다.
site-privacy-security-h = 6 안전 관리 조치
site-privacy-security =
    - 통신은 암호화됩니다.
    - 신청 내용과 첨부 파일은 암호화하여 저장합니다.
    - 직원은 2단계 인증으로 로그인하며, 직원이 신청을 열람한 것은 모두 기록됩니다.
    - 직원은 자신이 속한 과의 신청만 볼 수 있습니다.
site-privacy-cookies-h = 7 쿠키(Cookie)
site-privacy-cookies =
    본 서비스는 다음 두 가지 쿠키만 사용합니다. 광고나 열람 분석을 위한 쿠키는 사용하지 않습니다.
    - 로그인 상태를 유지하는 쿠키: 로그아웃하거나 로그인 후 { $resident_hours }시간이 지나면 무효가 됩니다.
    - 다른 사이트가 이용자의 이름으로 양식을 보내는 것을 막는 쿠키: 1년간 유효하며 개인을 식별하는 정보는 포함하지 않습니다.
site-privacy-requests-h = 8 공개, 정정 및 이용 정지의 청구
site-privacy-requests =
    본인은 법에 따라 시가 보유한 자신의 개인정보에 대해 공개(법 제76조), 정정(법 제90조) 및 이용 정지(법 제98조)를 청구할 수 있습니다.
    신청의 상황과 내용은 [마이페이지](/my)에서 언제든지 확인할 수 있습니다. 청구 방법은 [문의](/contact) 창구에 문의해 주십시오.
site-privacy-changes-h = 9 이 방침의 개정
site-privacy-changes =
    이 방침은 법령 개정이나 본 서비스의 변경에 맞추어 개정될 수 있습니다. 개정한 경우에는 이 페이지에서 알려 드립니다.

## terms of use
site-terms-title = 이용 약관
site-terms-lead =
    이 약관은 나고야시(이하 "시"라 합니다)가 제공하는 행정절차 온라인 창구(이하 "본 서비스"라 합니다)의 이용에 관하여 정합니다.
site-terms-scope-h = 제1조 적용
site-terms-scope =
    이 약관은 본 서비스를 이용하는 모든 분(이하 "이용자"라 합니다)에게 적용됩니다. 이용자는 본 서비스를 이용함으로써 이 약관에 동의한 것으로 봅니다.
    개별 절차에 법률, 조례, 규칙 등의 규정이 있는 경우에는 그 규정이 우선합니다.
site-terms-service-h = 제2조 본 서비스의 내용
site-terms-service =
    본 서비스에서는 다음을 할 수 있습니다.
    - 시의 절차를 찾아 그 내용, 필요한 서류, 담당 과를 알아보기
    - 온라인으로 신청하고 신청 상황을 확인하기
    - 수수료를 납부하고 통지서를 받기
    - 시의 절차 온라인화 진행 상황과 그 데이터를 보기
site-terms-account-h = 제3조 계정
site-terms-account =
    - 정확한 정보로 계정을 만들어 주십시오.
    - 비밀번호는 스스로 책임지고 관리하며, 다른 사람이 사용하게 해서는 안 됩니다.
    - 계정이 부정하게 사용되었을 우려가 있는 경우에는 즉시 비밀번호를 변경하고 시에 연락해 주십시오.
site-terms-applying-h = 제4조 신청
site-terms-applying =
    - 신청은 본인 또는 대리 권한이 있는 분이 사실에 근거하여 해야 합니다.
    - 신청은 접수 번호가 표시된 시점에 시에 도달한 것으로 봅니다.
    - 신청의 접수는 허가나 결정 등을 약속하는 것이 아닙니다. 심사는 각 절차의 법령 등에 따라 이루어집니다.
    - 시는 신청 내용을 확인하기 위해 이용자에게 연락하거나 서류 제출을 요청할 수 있습니다.
site-terms-forbidden-h = 제5조 금지 사항
site-terms-forbidden =
    이용자는 다음 행위를 해서는 안 됩니다.
    - 허위 신청이나 다른 사람을 사칭한 신청
    - 다른 사람의 동의 없이 그 사람의 개인정보를 입력하거나 보려고 하는 행위
    - 본 서비스에 대한 부정 접속, 과도한 부하를 주는 행위 및 운영을 방해하는 행위
    - 법령 또는 공공질서나 미풍양속에 반하는 행위
site-terms-interruptions-h = 제6조 본 서비스의 정지
site-terms-interruptions =
    시는 유지보수, 장애, 재해 그 밖의 부득이한 사정이 있는 경우 본 서비스의 전부 또는 일부를 정지할 수 있습니다. 정지는 가능한 한 사전에 이 사이트에서 알려 드립니다.
    기한이 있는 절차에서 본 서비스를 이용할 수 없는 경우에는 담당 과의 창구 또는 우편으로 절차를 진행해 주십시오.
site-terms-liability-h = 제7조 면책
site-terms-liability =
    시는 통신 회선이나 이용자 기기의 장애 등 시의 책임으로 돌릴 수 없는 사유로 이용자에게 발생한 손해에 대하여 책임을 지지 않습니다.
site-terms-content-h = 제8조 게재 내용의 이용
site-terms-content =
    이 사이트 문장의 저작권은 시에 있습니다. 오픈 데이터로 공개하는 데이터는 해당 페이지에 표시된 조건으로 자유롭게 이용할 수 있습니다.
site-terms-changes-h = 제9조 약관의 변경 및 준거법
site-terms-changes =
    시는 필요한 경우 이 약관을 변경할 수 있습니다. 변경한 경우에는 이 페이지에서 알려 드립니다.
    이 약관은 일본법을 준거법으로 하며, 본 서비스에 관한 분쟁은 나고야 지방법원을 제1심 관할 법원으로 합니다.

## accessibility statement
site-a11y-title = 웹 접근성 방침
site-a11y-lead =
    나고야시는 고령자, 장애가 있는 분, 일본어가 모국어가 아닌 분을 포함하여 누구나 본 서비스로 절차를 진행할 수 있도록 웹 접근성의 확보와 향상에 힘쓰고 있습니다.
site-a11y-policy-h = 방침
site-a11y-policy =
    일본산업규격 JIS X 8341-3:2016 「고령자·장애인 등 배려 설계 지침—정보통신 기기, 소프트웨어 및 서비스—제3부: 웹 콘텐츠」에 따라 본 서비스를 설계하고 시험합니다.
site-a11y-target-h = 목표 적합 레벨
site-a11y-target =
    JIS X 8341-3:2016의 적합 레벨 AA 준수를 목표로 합니다(WCAG 2.1의 레벨 A 및 AA 성공 기준을 포함합니다).
site-a11y-scope-h = 대상 범위
site-a11y-scope =
    본 서비스의 주민용 모든 페이지(절차 검색과 안내, 신청, 마이페이지, 온라인화 진행 상황, 오픈 데이터, 이 페이지를 포함한 사이트 공통 페이지)와 직원 로그인 페이지를 대상으로 합니다.
    8개 언어(일본어, 쉬운 일본어, 영어, 중국어, 한국어, 포르투갈어, 베트남어, 타갈로그어) 모두를 대상으로 합니다.
site-a11y-method-h = 시험 방법
site-a11y-method =
    - 페이지 종류마다 실제 브라우저(Chromium)에서 axe-core로 자동 시험을 하여 WCAG 2.1의 레벨 A 및 AA 항목을 확인합니다.
    - 각 페이지를 8개 언어와 스마트폰 폭(320픽셀) 및 컴퓨터 폭으로 시험합니다.
    - 키보드만으로 신청을 끝까지 할 수 있는지 별도의 시험으로 확인합니다.
    - 자동 시험으로 확인할 수 없는 항목(대체 텍스트의 적절성, 읽기 순서 등)은 사람이 확인하고 있습니다.
site-a11y-results-h = 시험 결과
site-a11y-results =
    최신 자동 시험 결과를 페이지 종류별로 보여 줍니다. "위반 수"는 모든 언어와 화면 폭에서 발견된 위반을 합한 수입니다.
site-a11y-results-caption = 시험 도구: { $tool }　시험일: { $date }　언어: { $languages }개　화면 폭: { $viewports }
site-a11y-results-table = 페이지 종류별 자동 시험 결과
site-a11y-page-type = 페이지 종류
site-a11y-test-date = 시험일
site-a11y-checks = 시험 수
site-a11y-violations = 위반 수
site-a11y-known-h = 불편한 점 알려 주기
site-a11y-known =
    본 서비스에서 사용하기 어렵거나 읽을 수 없는 부분이 있으면 [문의](/contact) 창구에 알려 주십시오.

## contact
site-contact-title = 문의
site-contact-lead =
    문의 내용에 따라 다음 창구에 연락해 주십시오.
site-contact-procedures-h = 절차의 내용에 대하여
site-contact-procedures =
    절차의 내용, 필요한 서류, 심사 상황은 그 절차를 담당하는 과에 문의해 주십시오. [절차 목록](/procedures)에서 각 절차의 페이지를 열면 "담당"에 담당 과가 표시되어 있습니다.
    신청한 후에는 접수 번호를 알려 주십시오. 접수 번호는 [마이페이지](/my)의 신청 목록에서 확인할 수 있습니다.
site-contact-general-h = 본 서비스의 이용 방법에 대하여
site-contact-general =
    로그인할 수 없거나 화면 조작 방법을 모르는 등 본 서비스의 이용 방법에 대해서는 다음 창구에 문의해 주십시오.
site-contact-name-label = 창구
site-contact-name = 나고야시 총무국 디지털개혁추진과
site-contact-phone-label = 전화번호
site-contact-hours-label = 접수 시간
site-contact-hours = 평일 오전 8시 45분부터 오후 5시 15분까지(토요일, 일요일, 공휴일 및 연말연시 제외)
site-contact-demo-note = 이 전화번호와 접수 시간은 데모용 값이며 연결되지 않습니다. 실제 운영에서는 시가 설정한 창구가 표시됩니다.
site-contact-personal-h = 개인정보에 대하여
site-contact-personal =
    개인정보의 공개, 정정 및 이용 정지 청구에 대해서는 [개인정보 처리방침](/privacy)을 읽으신 후 위의 창구에 문의해 주십시오.

## sitemap
site-sitemap-title = 사이트맵
site-sitemap-lead =
    본 서비스의 페이지 목록입니다.
site-sitemap-procedures = 절차
site-sitemap-all-procedures = 절차 목록
site-sitemap-progress = 온라인화 현황
site-sitemap-account = 계정
site-sitemap-about = 이 사이트에 대하여
site-sitemap-xml = 검색 엔진용 사이트맵(XML)

## progress page: plan and actual
progress-plan = 계획
progress-actual = 실적
progress-series = 계획·실적
progress-plan-actual-intro = "계획"은 각 절차를 온라인화할 예정 연도로 센 값이고, "실적"은 실제로 온라인 신청이 가능해진 연도로 센 값입니다.
progress-actual-so-far = { $year }의 실적은 연도 중간의 값입니다({ $date } 현재).
progress-actual-not-yet = 아직 도래하지 않음
progress-change-plan = 전년 대비(계획)
progress-change-actual = 전년 대비(실적)
progress-chart-overall-procedures = 전체 진행 상황(평가 지표② 절차 수, 계획과 실적)
progress-chart-overall-cases = 전체 진행 상황(평가 지표① 연간 총건수, 계획과 실적)
progress-chart-categories-year = 분류별 진행 상황(평가 지표② 절차 수, { $year } 말, 계획과 실적)
progress-chart-bureaus-both = 국별 진행 상황(평가 지표① 연간 총건수, { $year } 말, 계획과 실적, 실적이 높은 순)
