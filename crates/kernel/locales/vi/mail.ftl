# Email gửi cư dân (tiếng Việt). Tiêu đề chỉ một dòng; nội dung có thể gồm nhiều dòng.

mail-footer = Email này chỉ dùng để gửi thông báo, vui lòng không trả lời. Nếu có thắc mắc, vui lòng liên hệ bộ phận phụ trách.
mail-from-section = Thông báo từ bộ phận phụ trách:
mail-japanese-original = Dưới đây là nguyên văn bằng tiếng Nhật.

mail-received-subject = [Thành phố Nagoya] Đã tiếp nhận hồ sơ ({ $receipt })
mail-received-body =
    Chúng tôi đã tiếp nhận hồ sơ “{ $title }” của quý vị.
    Số tiếp nhận (受付番号): { $receipt }
    Khi liên hệ, vui lòng cho biết số tiếp nhận.

mail-correction-subject = [Thành phố Nagoya] Đề nghị chỉnh sửa hồ sơ ({ $receipt })
mail-correction-body = Về hồ sơ có số tiếp nhận { $receipt }: đề nghị quý vị chỉnh sửa nội dung hồ sơ (補正). Vui lòng sửa nội dung và nộp lại từ Trang của tôi.

mail-approved-subject = [Thành phố Nagoya] Đã hoàn tất xét duyệt (được chấp thuận) ({ $receipt })
mail-approved-body = Về hồ sơ có số tiếp nhận { $receipt }: hồ sơ của quý vị đã được chấp thuận.

mail-rejected-subject = [Thành phố Nagoya] Đã hoàn tất xét duyệt (không được chấp thuận) ({ $receipt })
mail-rejected-body = Về hồ sơ có số tiếp nhận { $receipt }: hồ sơ của quý vị không được chấp thuận. Lý do như sau.

mail-notice-issued-subject = [Thành phố Nagoya] Đã phát hành giấy thông báo ({ $receipt })
mail-notice-issued-body = Về hồ sơ có số tiếp nhận { $receipt }: giấy thông báo (通知書) đã được phát hành.

mail-message-subject = [Thành phố Nagoya] Thông báo về hồ sơ của quý vị ({ $receipt })
mail-message-body = Về hồ sơ có số tiếp nhận { $receipt }: bộ phận phụ trách có thông báo gửi quý vị.

mail-check-address-subject = [Thành phố Nagoya] Xác nhận địa chỉ email
mail-check-address-body =
    Chúng tôi đã nhận được yêu cầu đăng ký tài khoản nộp hồ sơ trực tuyến của Thành phố Nagoya.
    Vui lòng mở đường liên kết bên dưới để hoàn tất đăng ký (có hiệu lực trong 24 giờ).
    Nếu quý vị không thực hiện yêu cầu này, vui lòng xóa email này.

mail-already-registered-subject = [Thành phố Nagoya] Tài khoản đã được đăng ký
mail-already-registered-body =
    Có yêu cầu tạo tài khoản bằng địa chỉ email này, nhưng địa chỉ này đã được đăng ký. Vui lòng đăng nhập để sử dụng.
    Nếu quý vị không thực hiện yêu cầu này, vui lòng xóa email này.

mail-reset-password-subject = [Thành phố Nagoya] Đặt lại mật khẩu
mail-reset-password-body =
    Vui lòng đặt mật khẩu mới qua đường liên kết bên dưới (có hiệu lực trong 1 giờ).
    Nếu quý vị không thực hiện yêu cầu này, vui lòng xóa email này. Mật khẩu của quý vị sẽ không thay đổi.

mail-received-check-code =
    Mã xác nhận: { $code }
    Với số tiếp nhận và mã xác nhận, quý vị có thể xem tình trạng hồ sơ bất cứ lúc nào mà không cần tài khoản.
mail-correction-guest-body = Về hồ sơ có số tiếp nhận { $receipt }: đề nghị quý vị chỉnh sửa nội dung hồ sơ (補正). Vui lòng mở trang xem tình trạng từ liên kết bên dưới, nhập số tiếp nhận và mã xác nhận (có trong thư tiếp nhận), sửa nội dung và nộp lại.
