# Push-type information: subscribing to the city's news, confirming,
# changing and unsubscribing (crates/notify), and its mails.

notify-title = Đăng ký nhận tin của thành phố
notify-intro = Chúng tôi gửi email tin tức của thành phố theo chủ đề và khu vực bạn chọn. Đăng ký hoàn tất khi bạn mở liên kết trong email xác nhận; mỗi email đều có liên kết hủy chỉ với một cú nhấp.
notify-email = Địa chỉ email
notify-topics = Chủ đề (một hoặc nhiều)
notify-wards = Quận (không chọn: toàn thành phố)
notify-lang = Ngôn ngữ của email
notify-submit = Gửi email xác nhận
notify-no-topic = Hãy chọn ít nhất một chủ đề.
notify-stale = Các lựa chọn đã thay đổi. Vui lòng mở lại trang và chọn.
notify-sent-title = Hãy kiểm tra email
notify-sent = Chúng tôi đã gửi email xác nhận đến { $email }. Hãy mở liên kết để hoàn tất đăng ký (có hiệu lực 24 giờ). Nếu không thấy, hãy xem thư mục thư rác.
notify-confirm-title = Xác nhận đăng ký
notify-confirm-intro = Bạn sẽ đăng ký với các lựa chọn sau. Nhấn “Đăng ký” để xác nhận.
notify-confirm-button = Đăng ký
notify-link-dead-title = Không thể dùng liên kết này
notify-link-dead = Liên kết đã hết hạn hoặc đã được dùng. Vui lòng đăng ký lại.
notify-done-title = Đã đăng ký
notify-done = Bạn sẽ nhận tin theo các chủ đề đã chọn. Có thể thay đổi hoặc hủy bất cứ lúc nào qua liên kết bên dưới hoặc trong mỗi email.
notify-manage-title = Cài đặt đăng ký
notify-manage-for = Gửi đến: { $address }
notify-save = Lưu thay đổi
notify-saved = Đã lưu thay đổi.
notify-unsubscribe-button = Hủy đăng ký
notify-unsubscribe-title = Hủy đăng ký
notify-unsubscribe-intro = Nhấn nút để ngừng gửi email đến { $address }.
notify-unsubscribed-title = Đã hủy đăng ký
notify-unsubscribed = Bạn sẽ không nhận email tin tức nữa. Muốn nhận lại, hãy đăng ký lại.
notify-sign-up-again = Đăng ký lại
notify-whole-city = Toàn thành phố
notify-chosen-topics = Chủ đề
notify-chosen-wards = Quận
notify-privacy = Địa chỉ của bạn chỉ dùng để gửi tin của thành phố, và không dùng nữa khi bạn hủy đăng ký.
notify-link = Nhận tin của thành phố qua email
mail-notify-confirm-subject = [Thành phố Nagoya] Xác nhận đăng ký
mail-notify-confirm-body =
    Chúng tôi nhận được yêu cầu gửi tin của thành phố đến địa chỉ này. Hãy mở liên kết bên dưới để xác nhận (có hiệu lực 24 giờ).

    Nếu không phải bạn yêu cầu, hãy bỏ qua email này: sẽ không có gì được gửi.
mail-notify-welcome-subject = [Thành phố Nagoya] Đã đăng ký
mail-notify-welcome-body =
    Bạn đã bắt đầu nhận tin của thành phố.
    Chủ đề: { $topics }
    Quận: { $wards }

    Có thể thay đổi hoặc hủy bất cứ lúc nào qua liên kết bên dưới.
mail-notify-announcement-footer = Thay đổi hoặc hủy nhận email:
mail-notify-announcement-prefix = [Thành phố Nagoya]{" "}
