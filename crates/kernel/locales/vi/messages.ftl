# Thông báo lỗi và hướng dẫn hiển thị cho cư dân (tiếng Việt)

## Lỗi chung
error-invalid-request = Nội dung đã nhập có lỗi.
error-page-expired = Trang này đã hết hiệu lực. Vui lòng thử lại.
error-request-too-large = Nội dung gửi đi quá lớn.
error-busy = Hệ thống đang bận. Vui lòng đợi một lát rồi gửi lại.
error-internal = Đã xảy ra sự cố trên máy chủ. Vui lòng đợi một lúc rồi thử lại.
error-page-not-found = Không tìm thấy trang.
error-title = Lỗi
error-too-many-attempts = Có quá nhiều lần thử trong thời gian ngắn nên tạm thời không tiếp nhận. Vui lòng đợi khoảng { $minutes } phút rồi thử lại.

## pages
pages-staff-sign = Đăng nhập dành cho nhân viên
pages-sign = Đăng nhập
pages-e-mail-address-verified = Đã xác nhận địa chỉ email
pages-e-mail-address-not = Chưa xác nhận địa chỉ email
pages-my-page = Trang của tôi
pages-staff-page = Trang nhân viên
pages-form-could-not-read = Không thể đọc được nội dung đã nhập.
pages-enter-e-mail-address = Vui lòng nhập địa chỉ email.
pages-enter-password = Vui lòng nhập mật khẩu.
pages-e-mail-address-password = Địa chỉ email hoặc mật khẩu không đúng.
pages-e-mail-address-has = Địa chỉ email của quý vị chưa được xác nhận. Vui lòng mở đường liên kết trong email chúng tôi đã gửi khi đăng ký (nếu không nhận được email, quý vị có thể yêu cầu gửi lại từ mục “Tạo tài khoản”).

## registration
registration-check-mail = Chúng tôi đã gửi email xác nhận
registration-create-account = Tạo tài khoản
registration-account-ready = Đăng ký đã hoàn tất
registration-address-confirmed-sign-apply = Địa chỉ email đã được xác nhận. Quý vị có thể đăng nhập và nộp hồ sơ.
registration-sign = Đăng nhập
registration-link-cannot-used = Không thể sử dụng đường liên kết này
registration-link-has-expired-after = Đường liên kết đã hết hiệu lực (sau 24 giờ) hoặc đã được sử dụng. Vui lòng yêu cầu gửi lại email xác nhận.
registration-enter-valid-e-mail = Vui lòng nhập đúng địa chỉ email.
registration-enter-valid-e-mail-2 = Vui lòng nhập đúng địa chỉ email (ví dụ: nagoya@example.jp).
registration-choose-password = Vui lòng đặt mật khẩu dùng để đăng nhập. Khi đặt xong, việc xác nhận địa chỉ email và đăng ký sẽ hoàn tất.

## password-reset
password-reset-forgot-password = Quên mật khẩu
password-reset-set-new-password = Đặt mật khẩu mới
password-reset-new-password-set = Đã đặt mật khẩu mới
password-reset-link-has-expired-was = Đường liên kết này đã hết hiệu lực hoặc đã được sử dụng. Vui lòng thử lại từ mục “Quên mật khẩu”.

## password-change
password-change-change-password = Đổi mật khẩu
password-change-current-password-not-correct = Mật khẩu hiện tại không đúng.

## apply
apply-continue = Kiểm tra nội dung đã nhập
apply-can-go-from-draft = Quý vị có thể tiếp tục nhập từ bản nháp đã lưu
apply-application-has-been-received = Hồ sơ đã được tiếp nhận
apply-draft-kept-can-go = Đã lưu bản nháp. Quý vị có thể tiếp tục nhập bất cứ lúc nào từ Trang của tôi.
apply-check-answers = Kiểm tra nội dung đã nhập
apply-application-has-already-been = Hồ sơ này đã được gửi.

## attachments
attachments-form-could-not-read = Không thể đọc được nội dung đã gửi. Vui lòng nhập lại.
attachments-no-such-attachment = Không tìm thấy tệp đính kèm.

## my-page
my-page-my-applications = Tình trạng hồ sơ
my-page-receipt = Số tiếp nhận
my-page-correction = Chỉnh sửa (補正)
my-page-send-corrected-application = Nộp lại với nội dung này

## api
api-idempotency-key-must-ascii = Idempotency-Key phải được chỉ định bằng ký tự ASCII.
api-comment-must-at-most = Bình luận không được vượt quá 2000 ký tự.
api-request-body-cannot-read = Không thể đọc được nội dung đã gửi.
api-idempotency-key-was-used = Idempotency-Key này đã được dùng cho một hồ sơ có nội dung khác.

## validate
validate-send-answers-as-json = Vui lòng gửi câu trả lời dưới dạng cặp tên mục và giá trị (đối tượng JSON).


## form
form-form-has-no-field = Mẫu đơn này không có mục “{ $key }”.
form-enter-at-least = Vui lòng nhập ít nhất { $min } mục cho { $label }.
form-text = Vui lòng nhập { $label } bằng chữ.
form-at-most-characters = Vui lòng nhập { $label } tối đa { $max } ký tự.
form-at-least-characters = Vui lòng nhập { $label } tối thiểu { $min } ký tự.
form-contains-characters-that-cannot = { $label } có chứa ký tự không thể sử dụng.
form-not-expected-format = { $label } không đúng định dạng.
form-number = Vui lòng nhập { $label } bằng số.
form-whole-number = Vui lòng nhập { $label } là số nguyên.
form-at-least = { $label } phải lớn hơn hoặc bằng { $min }.
form-at-most = { $label } phải nhỏ hơn hoặc bằng { $max }.
form-date-such-as-2023 = Vui lòng nhập { $label } theo dạng “2023-04-01” hoặc 「令和5年4月1日」.
form-after = { $label } phải là ngày { $date } hoặc sau đó.
form-before = { $label } phải là ngày { $date } hoặc trước đó.
form-choose-from-list = Vui lòng chọn { $label } từ các lựa chọn.
form-true-false = Giá trị của { $label } không đúng.
form-not-valid-e-mail = { $label } không đúng định dạng (ví dụ: taro@example.jp).
form-10-11-digit-number = Vui lòng nhập { $label } là số gồm 10 hoặc 11 chữ số, bắt đầu bằng số 0.
form-7-digits-e-g = Vui lòng nhập { $label } gồm 7 chữ số (ví dụ: 460-8508).
form-list = { $label } không đúng định dạng.
form-takes-between-entries = { $label } phải có từ { $min } đến { $max } mục.
form-entry-malformed = Mục thứ { $n } của { $label } không đúng định dạng.
form-malformed = { $label } không đúng định dạng.
form-enter = Vui lòng nhập { $part } của { $label }.
form-at-most-characters-2 = Vui lòng nhập { $part } của { $label } tối đa { $max } ký tự.
form-write-katakana = Vui lòng nhập { $part } của { $label } bằng katakana.
form-up-digits = Vui lòng nhập { $name } bằng số, tối đa { $max } chữ số.
form-exact-digits = Vui lòng nhập { $name } gồm { $max } chữ số.
form-write-account-holder-katakana = Vui lòng nhập tên chủ tài khoản bằng katakana, đúng như trong sổ ngân hàng (通帳) (ký tự không dùng được: { $bad }).
form-file-missing-attach-again = Không tìm thấy tệp đính kèm của { $label }. Vui lòng đính kèm lại.
form-one = Vui lòng đính kèm { $label } ở một trong các định dạng: { $value }.
form-file-too-large-up = Tệp của { $label } quá lớn (tối đa { $mb } MB).
form-required = Vui lòng nhập { $label }.
form-choose = Vui lòng chọn { $label }.
form-attach = Vui lòng đính kèm { $label }.
form-choose-account-type = Vui lòng chọn loại tài khoản: 普通 (thường), 当座 (vãng lai) hoặc 貯蓄 (tiết kiệm).
form-enter-account-holder = Vui lòng nhập tên chủ tài khoản (bằng katakana).

## search and accounts
search-whole-number = { $name } phải là số nguyên từ 1 đến { $max }.
search-words-too-long = Từ khóa tìm kiếm không được vượt quá { $max } ký tự.
search-no-category = Không có phân loại “{ $value }” (hãy dùng: childcare, nursing_care, high_impact hoặc other).
search-no-bureau = Không có cục phụ trách “{ $value }”.
search-unreadable-query = Không thể đọc được điều kiện tìm kiếm.
procedure-not-found = Không tìm thấy thủ tục “{ $id }”.
password-too-short = Mật khẩu phải có tối thiểu { $min } ký tự.
password-too-long = Mật khẩu không được vượt quá { $max } ký tự.

## uploads and applications
upload-empty = Tệp đã chọn không có nội dung.
upload-unknown-type = Không thể đính kèm tệp có định dạng này (vui lòng dùng PDF, JPEG, PNG, HEIC, GIF hoặc WebP).
upload-too-large = Tệp quá lớn (tối đa { $mb } MB).
upload-quota-reached = Bạn đã đạt giới hạn tải lên. Vui lòng thử lại sau khoảng { $minutes } phút.
upload-not-stored = Không thể lưu tệp. Vui lòng đợi một lúc rồi thử lại.
upload-request-too-large = Nội dung gửi đi quá lớn (tổng dung lượng tệp đính kèm tối đa { $mb } MB).
apply-not-online = Thủ tục “{ $id }” không thể nộp trực tuyến.
my-page-no-application = Không tìm thấy hồ sơ có số tiếp nhận “{ $receipt }”.

## names of the parts of a field, used inside messages
part-family-name = họ
part-given-name = tên
part-family-name-kana = họ (katakana)
part-given-name-kana = tên (katakana)
part-bank-code = mã ngân hàng
part-branch-code = mã chi nhánh
part-account-number = số tài khoản

## registration
registration-mail-sent = Chúng tôi đã gửi e-mail đến { $email }. Vui lòng mở đường link trong e-mail để hoàn tất đăng ký (có hiệu lực trong 24 giờ).

# forms: filling a form
form-write-katakana-or-latin = Vui lòng nhập { $part } của { $label } bằng katakana hoặc chữ Latinh.
form-unknown-bank = Không có ngân hàng mã { $code }. Hãy tìm theo tên và chọn.
form-unknown-branch = Ngân hàng này không có chi nhánh mã { $code }. Hãy tìm theo tên và chọn.

# identity: the profile that fills forms
profile-bad-birth-date = Vui lòng nhập ngày sinh dạng 1988-05-12.
profile-bad-postal-code = Vui lòng nhập mã bưu điện gồm 7 chữ số.
profile-bad-address = Địa chỉ tối đa { $max } ký tự, không có ký tự điều khiển.
profile-bad-phone = Vui lòng nhập số điện thoại 10 hoặc 11 chữ số bắt đầu bằng 0.
