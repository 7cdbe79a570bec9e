# Push-type information: subscribing to the city's news, confirming,
# changing and unsubscribing (crates/notify), and its mails.

notify-title = 시 소식 받기 등록
notify-intro = 선택한 분야와 지역의 소식을 이메일로 보내 드립니다. 확인 메일의 링크를 열면 등록이 완료됩니다. 모든 메일에 한 번의 클릭으로 해지하는 링크가 있습니다.
notify-email = 이메일 주소
notify-topics = 받고 싶은 분야(하나 이상)
notify-wards = 지역(선택하지 않으면 시 전체)
notify-lang = 메일 언어
notify-submit = 확인 메일 보내기
notify-no-topic = 분야를 하나 이상 선택하세요.
notify-stale = 선택 항목이 바뀌었습니다. 페이지를 다시 열어 선택하세요.
notify-sent-title = 메일을 확인하세요
notify-sent = { $email }(으)로 확인 메일을 보냈습니다. 메일의 링크를 열어 등록을 완료하세요(24시간 유효). 도착하지 않으면 스팸 메일함을 확인하세요.
notify-confirm-title = 등록 확인
notify-confirm-intro = 다음 내용으로 등록합니다. 괜찮으면 ‘등록’을 누르세요.
notify-confirm-button = 등록
notify-link-dead-title = 이 링크는 사용할 수 없습니다
notify-link-dead = 기한이 지났거나 이미 사용된 링크입니다. 다시 신청하세요.
notify-done-title = 등록되었습니다
notify-done = 선택한 분야의 소식을 보내 드립니다. 아래 링크나 메일의 링크에서 언제든 변경하거나 해지할 수 있습니다.
notify-manage-title = 구독 설정
notify-manage-for = 받는 곳: { $address }
notify-save = 변경 저장
notify-saved = 변경 내용을 저장했습니다.
notify-unsubscribe-button = 구독 해지
notify-unsubscribe-title = 구독 해지
notify-unsubscribe-intro = 버튼을 누르면 { $address }(으)로의 발송을 중지합니다.
notify-unsubscribed-title = 구독이 해지되었습니다
notify-unsubscribed = 앞으로 소식 메일이 오지 않습니다. 다시 받으려면 다시 신청하세요.
notify-sign-up-again = 다시 신청
notify-whole-city = 시 전체
notify-chosen-topics = 분야
notify-chosen-wards = 지역
notify-privacy = 주소는 시 소식 발송에만 사용하며, 해지하면 더 이상 사용하지 않습니다.
notify-link = 시 소식을 메일로 받기
mail-notify-confirm-subject = 【나고야시】구독 등록 확인
mail-notify-confirm-body =
    이 주소로 나고야시 소식을 보내 달라는 신청을 받았습니다. 아래 링크를 열어 등록을 완료하세요(24시간 유효).

    신청한 적이 없으면 이 메일을 무시하세요. 아무것도 보내지 않습니다.
mail-notify-welcome-subject = 【나고야시】구독이 등록되었습니다
mail-notify-welcome-body =
    시 소식 구독이 시작되었습니다.
    분야: { $topics }
    지역: { $wards }

    아래 링크에서 언제든 변경하거나 해지할 수 있습니다.
mail-notify-announcement-footer = 변경·해지:
mail-notify-announcement-prefix = 【나고야시】
