# 주민에게 보내는 메일(한국어). 제목은 한 줄, 본문은 여러 줄로 쓸 수 있습니다.

mail-footer = 이 메일은 발신 전용입니다. 궁금한 점은 담당 부서로 문의해 주십시오.
mail-from-section = 담당 부서의 연락:
mail-japanese-original = 아래는 일본어 원문입니다.

mail-received-subject = 【나고야시】신청이 접수되었습니다({ $receipt })
mail-received-body =
    ‘{ $title }’ 신청이 접수되었습니다.
    접수 번호: { $receipt }
    문의하실 때는 접수 번호를 알려 주십시오.

mail-correction-subject = 【나고야시】보정 요청({ $receipt })
mail-correction-body = 접수 번호 { $receipt } 신청 건: 신청 내용의 보정(수정)을 부탁드립니다. 마이페이지에서 내용을 수정하여 다시 제출해 주십시오.

mail-approved-subject = 【나고야시】심사가 완료되었습니다(승인)({ $receipt })
mail-approved-body = 접수 번호 { $receipt } 신청 건: 신청이 승인되었습니다.

mail-rejected-subject = 【나고야시】심사가 완료되었습니다(불승인)({ $receipt })
mail-rejected-body = 접수 번호 { $receipt } 신청 건: 신청이 승인되지 않았습니다. 사유는 아래와 같습니다.

mail-notice-issued-subject = 【나고야시】통지서를 발행했습니다({ $receipt })
mail-notice-issued-body = 접수 번호 { $receipt } 신청 건: 통지서를 발행했습니다.

mail-message-subject = [나고야시] 담당 부서의 안내 ({ $receipt })
mail-message-body = 접수 번호 { $receipt } 신청 건: 담당 부서에서 연락이 있습니다.

mail-check-address-subject = 【나고야시】이메일 주소 확인
mail-check-address-body =
    나고야시 온라인 신청 계정 등록 신청을 접수했습니다.
    아래 링크를 열면 등록이 완료됩니다(24시간 유효).
    본인이 신청하지 않은 경우 이 메일을 삭제해 주십시오.

mail-already-registered-subject = 【나고야시】이미 등록된 계정이 있습니다
mail-already-registered-body =
    이 이메일 주소로 계정 생성 신청이 있었으나, 이미 등록되어 있습니다. 로그인하여 이용해 주십시오.
    본인이 신청하지 않은 경우 이 메일을 삭제해 주십시오.

mail-reset-password-subject = 【나고야시】비밀번호 재설정
mail-reset-password-body =
    아래 링크에서 새 비밀번호를 설정해 주십시오(1시간 유효).
    본인이 요청하지 않은 경우 이 메일을 삭제해 주십시오. 비밀번호는 변경되지 않습니다.

mail-received-check-code =
    확인 코드: { $code }
    접수 번호와 확인 코드로 계정 없이 언제든지 신청 상황을 확인할 수 있습니다.
mail-correction-guest-body = 접수 번호 { $receipt } 신청 건: 신청 내용의 보정(수정)을 부탁드립니다. 아래 링크로 신청 상황 확인 페이지를 열고 접수 번호와 확인 코드(접수 메일에 적혀 있습니다)를 입력한 후, 내용을 수정하여 다시 제출해 주십시오.
