# Văn bản trên các trang dành cho cư dân (tiếng Việt)

## layout
layout-online-counter = Quầy tiếp nhận trực tuyến
layout-skip-main-content = Chuyển đến nội dung chính
layout-main-menu = Menu chính
layout-language = Ngôn ngữ
layout-madoguchi-open-source-online = madoguchi — Quầy tiếp nhận thủ tục hành chính trực tuyến (mã nguồn mở)

## common
common-find-procedure = Tìm thủ tục
common-category = Phân loại
common-tags = Thẻ
common-are-here = Vị trí hiện tại
common-there-problem = Vui lòng kiểm tra lại nội dung đã nhập
common-e-mail-address = Địa chỉ email
common-password = Mật khẩu
common-sign = Đăng nhập
common-name = Họ tên
common-new-password = Mật khẩu mới
common-at-least-10-characters = Tối thiểu 10 ký tự.

## error
error-back-list-procedures = Quay lại danh sách thủ tục

## catalog
catalog-there-problem-with-search = Điều kiện tìm kiếm không hợp lệ
catalog-keywords-japanese-english = Từ khóa (tiếng Nhật hoặc tiếng Anh)
catalog-narrow-down = Lọc theo điều kiện
catalog-narrow-down-2 = Lọc
catalog-all = Tất cả
catalog-life-event = Sự kiện trong cuộc sống
catalog-bureau = Cục phụ trách (局)
catalog-tag = Thẻ
catalog-only-procedures-available-online = Chỉ thủ tục có thể nộp trực tuyến
catalog-search = Tìm kiếm
catalog-popular-tags = Thẻ thường dùng
catalog-no-procedure-matched-try = Không tìm thấy thủ tục phù hợp. Hãy thử từ khóa ngắn hơn hoặc ít từ hơn.
catalog-did-you-mean = Có phải bạn muốn tìm:
catalog-showing-corrected = Không tìm thấy với từ khóa đã nhập; đang hiển thị kết quả cho:
catalog-partial-match = Không có thủ tục nào chứa tất cả từ khóa; đang hiển thị các thủ tục chứa một số từ khóa.
catalog-pages = Phân trang
catalog-previous-page = Trang trước
catalog-next-page = Trang sau

## procedure
procedure-apply-online = Nộp hồ sơ trực tuyến
procedure-handled-by = Nơi phụ trách
procedure-online = Trực tuyến
procedure-since = Bắt đầu từ
procedure-planned = Dự kiến
procedure-reason = Lý do
procedure-fee = Lệ phí
procedure-legal-basis = Căn cứ pháp lý
procedure-standard-processing-time = Thời gian xử lý tiêu chuẩn
procedure-cases-year = Số hồ sơ mỗi năm
procedure-what-bring-attach = Giấy tờ cần thiết
procedure-where-go = Quầy tiếp nhận (窓口)
procedure-life-events = Sự kiện trong cuộc sống liên quan

## apply
apply-what-correct = Nội dung yêu cầu chỉnh sửa
apply-keep-as-draft = Lưu tạm

## confirm
confirm-application-like-one-has = Đã có hồ sơ cùng nội dung từ cùng một người nộp
confirm-check-are-not-applying = Vui lòng kiểm tra xem quý vị có nộp trùng hay không. Quý vị vẫn có thể gửi hồ sơ này.
confirm-send-application = Nộp hồ sơ với nội dung này
confirm-go-back-change = Quay lại để sửa

## receipt
receipt-receipt-number = Số tiếp nhận (受付番号)
receipt-received-at = Thời gian tiếp nhận
receipt-quote-receipt-number-if = Khi liên hệ, vui lòng cho biết số tiếp nhận. Quý vị có thể xem tình trạng xét duyệt tại Trang của tôi.
receipt-go-my-page = Đến Trang của tôi

## my_applications
my-applications-unfinished-applications-drafts = Hồ sơ đang nhập dở (bản nháp)
my-applications-kept = đã lưu lúc
my-applications-sent-applications = Hồ sơ đã gửi
my-applications-have-no-applications-yet = Quý vị chưa có hồ sơ nào.
my-applications-procedures-can-apply-online = Các thủ tục có thể nộp trực tuyến

## my_application
my-application-my-applications = Tình trạng hồ sơ
my-application-city-has-asked-correct = Thành phố yêu cầu quý vị chỉnh sửa hồ sơ (補正).
my-application-correct-send-again = Sửa nội dung và nộp lại
my-application-withdraw-application = Rút hồ sơ này
my-application-what-has-happened = Quá trình xử lý
my-application-from-section = Thông báo từ bộ phận phụ trách
my-application-what-sent = Nội dung đã nộp
my-application-disposed = Nội dung đã khai và tệp đính kèm của hồ sơ này đã được hủy vào { $date } do hết thời hạn lưu trữ ({ $years } năm). Số tiếp nhận, thủ tục và quá trình xử lý vẫn được giữ lại.
my-application-disposed-short = Đã hủy do hết thời hạn lưu trữ
my-application-message-from-section = Thông báo từ bộ phận phụ trách
my-application-withdraw-question = Rút hồ sơ này?
my-application-withdraw-consequence = Sau khi rút, hồ sơ sẽ không được xét duyệt và không thể hoàn tác. Nếu muốn nộp lại, hãy nộp một hồ sơ mới từ đầu.
my-application-withdraw-not-yet = Chưa có gì bị rút.
my-application-withdraw-confirm = Có, rút hồ sơ
my-application-withdraw-cancel = Giữ hồ sơ

## login
login-could-not-signed = Không thể đăng nhập
login-forgot-password = Quên mật khẩu?
login-new-here = Lần đầu sử dụng?
login-create-account = Tạo tài khoản
login-residents = Cư dân:
login-sign-here = đăng nhập tại đây
login-city-staff = Nhân viên thành phố:
login-staff-sign = đăng nhập dành cho nhân viên

## register
register-with-account-can-follow = Khi có tài khoản, quý vị có thể xem tình trạng hồ sơ tại Trang của tôi và trả lời yêu cầu chỉnh sửa. Chúng tôi sẽ gửi email xác nhận đến địa chỉ email đã đăng ký.
register-optional = Không bắt buộc
register-required = Bắt buộc
register-at-least-10-characters = Tối thiểu 10 ký tự. Dùng một câu dài sẽ dễ nhớ và an toàn hơn.
register-send-check-mail = Gửi email xác nhận
register-have-account = Đã có tài khoản?

## forgot
forgot-if-address-has-account = Nếu địa chỉ này đã được đăng ký, chúng tôi đã gửi email đặt lại mật khẩu đến địa chỉ đó (có hiệu lực trong 1 giờ).
forgot-send-mail = Gửi email đặt lại mật khẩu

## reset
reset-set-password = Đặt mật khẩu

## password
password-password-has-been-changed = Mật khẩu đã được thay đổi. Các thiết bị khác đã bị đăng xuất.
password-current-password = Mật khẩu hiện tại
password-change-password = Đổi mật khẩu

## notice
notice-if-mail-does-not = Nếu không nhận được email xác nhận
notice-send-check-mail-again = Gửi lại email xác nhận

## account
account-status = Trạng thái
account-see-my-applications = Xem tình trạng hồ sơ
account-open-inbox = Mở danh sách tiếp nhận
account-manage-forms-workflows = Quản lý mẫu đơn và quy trình xử lý
account-change-password = Đổi mật khẩu
account-sign-out = Đăng xuất

## furigana (shown only in easy Japanese)
layout-furigana-off = Ẩn furigana
layout-furigana-on = Hiện furigana

## catalog: counts and labels
catalog-result-count = { $count } thủ tục
procedure-cases-count = { $count } hồ sơ
procedure-unknown = Không rõ
procedure-fee-free = Miễn phí
procedure-fee-yen = { $amount } yên
procedure-fee-depends = Tùy theo thủ tục
procedure-standard-days = { $days } ngày
procedure-offices-count = { $count } quầy tiếp nhận
category-childcare = Nuôi dạy con
category-nursing-care = Chăm sóc điều dưỡng
category-high-impact = Hiệu quả cao
category-other = Khác
status-online = Có thể nộp trực tuyến
status-planned = Dự kiến trực tuyến
status-not-online = Tiếp nhận tại quầy hoặc qua bưu điện
status-impossible = Không thể nộp trực tuyến

## form fields
form-mark-required = Bắt buộc
form-mark-optional = Không bắt buộc
form-attached = Đã đính kèm:
form-attached-replace = { " " }— chọn tệp khác nếu muốn thay thế.
form-add-item = Thêm { $label }
form-select-prompt = Vui lòng chọn
form-part-family-name = Họ
form-part-given-name = Tên
form-part-family-name-kana = Họ (katakana)
form-part-given-name-kana = Tên (katakana)
form-part-bank-code = Mã ngân hàng (4 chữ số)
form-part-branch-code = Mã chi nhánh (3 chữ số)
form-part-account-type = Loại tài khoản (普通 thường, 当座 vãng lai, 貯蓄 tiết kiệm)
form-part-account-number = Số tài khoản (tối đa 7 chữ số)
form-part-account-holder = Tên chủ tài khoản (katakana)
form-answer-yes = Có
form-answer-file = Tệp

## application statuses
status-received = Đã tiếp nhận
status-reviewing = Đang xét duyệt
status-correction-requested = Đang yêu cầu chỉnh sửa
status-resubmitted = Đã chỉnh sửa (chờ xét duyệt lại)
status-approved = Được chấp thuận
status-rejected = Không được chấp thuận
status-notice-issued = Đã phát hành giấy thông báo
status-closed = Hoàn tất
status-withdrawn = Đã rút hồ sơ

## shown when city texts on a page are not translated
layout-partly-japanese = Một số phần của trang này chưa được dịch nên được hiển thị bằng tiếng Nhật (phần gạch chân chấm).

## progress page
progress-title = Tiến độ trực tuyến hóa
progress-intro = Hai chỉ số đánh giá trong kế hoạch trực tuyến hóa thủ tục hành chính của thành phố Nagoya. Mỗi năm tính các thủ tục có thể làm trực tuyến đến cuối năm tài chính đó, kể cả các năm trước. Không tính các thủ tục mà pháp luật không cho phép làm trực tuyến.
progress-cases-heading = Chỉ số ①: tổng số hồ sơ trong năm
progress-procedures-heading = Chỉ số ②: số thủ tục
progress-group = Nhóm
progress-change = So với năm trước
progress-all = Tất cả thủ tục
progress-procedures-count = { $count } thủ tục
progress-reference-only = Có { $count } thủ tục chưa rõ số hồ sơ hằng năm, nên tổng số hồ sơ chỉ là số tham khảo.
progress-charts = Biểu đồ
progress-chart-categories = Tiến độ theo nhóm và năm (chỉ số ②, kế hoạch)
progress-chart-bureaus = Tiến độ theo cục (chỉ số ①, thực tế cuối { $year })
progress-downloads = Tải dữ liệu
progress-download-csv = CSV (cho bảng tính)
progress-download-json = JSON (cho hệ thống)
layout-progress = Tiến độ trực tuyến hóa
progress-bureaus-heading = Theo cục (① tổng số hồ sơ / ② số thủ tục)

## open data
open-data-title = Dữ liệu mở
open-data-intro = Danh sách thủ tục và các chỉ số trực tuyến hóa được công bố để ai cũng có thể sử dụng lại. Địa chỉ không thay đổi. Tệp CSV dùng UTF-8 (có BOM).
open-data-datasets = Dữ liệu
open-data-procedures = Danh sách thủ tục
open-data-indicators = Chỉ số trực tuyến hóa
open-data-online-use = Tình hình sử dụng trực tuyến theo thủ tục, theo năm tài chính
open-data-columns = Ý nghĩa các cột
open-data-file = Tệp
open-data-column = Cột
layout-open-data = Dữ liệu mở
layout-congestion = Tình trạng chờ tại quầy
progress-download-xlsx = Excel (xlsx)

## staff sign-in: second step
twofa-code-title = Nhập mã xác nhận
twofa-code-intro = Nhập mã 6 chữ số hiển thị trong ứng dụng xác thực. Khi không có điện thoại, bạn có thể nhập một mã khôi phục.
twofa-code-label = Mã xác nhận (hoặc mã khôi phục)
twofa-lost-device = Nếu không dùng được cả ứng dụng lẫn mã khôi phục, hãy nhờ quản trị viên hệ thống đặt lại xác thực hai bước.
twofa-enter-code = Vui lòng nhập mã xác nhận
twofa-wrong-code = Mã không đúng hoặc đã được dùng (còn { $left } lần thử)
twofa-enrol-title = Thiết lập xác thực hai bước
twofa-enrol-intro = Nhân viên đăng nhập bằng mật khẩu và mã từ ứng dụng xác thực (Google Authenticator, Microsoft Authenticator hoặc ứng dụng khác). Chỉ cần thiết lập một lần.
twofa-enrol-scan = Quét mã QR này bằng ứng dụng xác thực.
twofa-enrol-qr-alt = Mã QR để thêm tài khoản này vào ứng dụng xác thực
twofa-enrol-type = Nếu không quét được, hãy nhập khóa sau vào ứng dụng.
twofa-enrol-key = Khóa
twofa-enrol-uri = URI
twofa-enrol-confirm = Nhập mã 6 chữ số ứng dụng hiển thị để kiểm tra thiết lập.
twofa-enrol-submit = Thiết lập và đăng nhập
twofa-recovery-title = Mã khôi phục
twofa-recovery-intro = Đã thiết lập xác thực hai bước. Hãy in các mã khôi phục này hoặc cất giữ ở nơi an toàn: mỗi mã cho phép đăng nhập một lần khi không có ứng dụng. Các mã sẽ không được hiển thị lại.
twofa-recovery-continue = Đã cất giữ: tiếp tục

## passkeys
passkey-title = Khóa truy cập
passkey-intro = Với khóa truy cập, bạn đăng nhập bằng vân tay, khuôn mặt hoặc khóa màn hình của thiết bị này thay cho mật khẩu.
passkey-none = Bạn chưa có khóa truy cập nào.
passkey-name = Tên
passkey-created = Ngày thêm
passkey-last-used = Lần dùng gần nhất
passkey-remove = Xóa
passkey-add-heading = Thêm khóa truy cập
passkey-add = Thêm khóa truy cập trên thiết bị này
passkey-elsewhere = Khóa truy cập được thêm và sử dụng tại địa chỉ này:
passkey-needs-script = Cần JavaScript để thêm khóa truy cập.
passkey-back = Quay lại trang của tôi
passkey-working = Hãy làm theo hướng dẫn trên thiết bị…
passkey-sign-in = Đăng nhập bằng khóa truy cập
passkey-default-name = Khóa truy cập
passkey-error-failed = Không thể dùng khóa truy cập.
passkey-error-unavailable = Trang này không hỗ trợ khóa truy cập.
passkey-error-expired = Đã quá lâu. Vui lòng thử lại.
passkey-error-unknown = Khóa truy cập này chưa được đăng ký.
passkey-error-too-many = Không thể thêm khóa truy cập nữa. Hãy xóa những khóa không còn dùng.
passkey-error-too-many-attempts = Thử quá nhiều lần. Vui lòng đợi một lúc rồi thử lại.

## đăng nhập bằng tài khoản của thành phố và gBizID (OpenID Connect)
sso-staff-button = Đăng nhập bằng tài khoản của thành phố
sso-gbizid-button = Doanh nghiệp: đăng nhập bằng gBizID
sso-refused-title = Không thể đăng nhập
sso-unavailable = Hiện không kết nối được với dịch vụ đăng nhập của thành phố. Hãy đăng nhập bằng địa chỉ e-mail và mật khẩu madoguchi, hoặc thử lại sau.
sso-failed = Việc đăng nhập chưa hoàn tất (quá lâu, hoặc đã bắt đầu trên trình duyệt khác). Vui lòng bắt đầu lại.
sso-no-role = Tài khoản thành phố của bạn không có quyền trong madoguchi. Hãy hỏi bộ phận công nghệ thông tin.
sso-no-account = Không có tài khoản madoguchi cho lần đăng nhập này. Hãy hỏi bộ phận công nghệ thông tin.
sso-disabled = Tài khoản nhân viên này đã bị vô hiệu hóa. Hãy hỏi bộ phận công nghệ thông tin.
sso-missing-claim = Dịch vụ đăng nhập của thành phố không cung cấp địa chỉ e-mail của bạn. Hãy hỏi bộ phận công nghệ thông tin.
sso-gbizid-missing-claim = gBizID không cung cấp mã số doanh nghiệp và địa chỉ e-mail cho tài khoản này. Hãy đăng nhập bằng tài khoản gBizID của doanh nghiệp (gBizID Prime hoặc Member).
sso-back-to-login = Quay lại trang đăng nhập

## procedure: who, when, how to apply
procedure-who-can-apply = Đối tượng nộp hồ sơ
procedure-deadline = Thời hạn
procedure-how-apply = Cách nộp hồ sơ
procedure-apply-on-service = Nộp hồ sơ trên { $service }
procedure-leaves-site = Mở trang web khác
way-form = Bạn có thể nộp hồ sơ trực tuyến tại đây.
way-external = Bạn có thể nộp hồ sơ trực tuyến trên { $service }.
way-post = Vui lòng nộp hồ sơ qua bưu điện.
way-counter = Vui lòng nộp hồ sơ tại quầy.
way-unstated = Tiếp nhận tại quầy hoặc qua bưu điện. Vui lòng hỏi bộ phận phụ trách.
procedure-contact = Liên hệ
procedure-phone = Điện thoại
procedure-email = E-mail
procedure-hours = Giờ tiếp nhận

## header: signing in (public pages)
header-account-menu = Tài khoản
header-login = Đăng nhập
header-my-page = Trang của tôi
header-logout = Đăng xuất
header-back-office = Trang nghiệp vụ

# Guests follow an application by its receipt number and check code.
receipt-quote-receipt-number = Khi liên hệ, vui lòng cho biết số tiếp nhận.
receipt-check-code = Mã xác nhận
receipt-guest-follow = Với số tiếp nhận và mã xác nhận, quý vị có thể xem tình trạng hồ sơ bất cứ lúc nào mà không cần tài khoản. Hãy ghi lại hoặc lưu trang này; thư tiếp nhận cũng có ghi.
receipt-check-status = Xem tình trạng hồ sơ
guest-status-title = Xem tình trạng hồ sơ
guest-status-intro = Vui lòng nhập số tiếp nhận và mã xác nhận. Mã xác nhận có trên trang tiếp nhận khi nộp hồ sơ và trong thư tiếp nhận. Không cần tài khoản.
guest-status-receipt-number = Số tiếp nhận
guest-status-receipt-hint = Ví dụ: R8-0000123
guest-status-check-code = Mã xác nhận
guest-status-code-hint = Ví dụ: AB12C-D34EF (10 chữ cái và chữ số; viết thường cũng được)
guest-status-check = Xem
guest-status-not-found = Số tiếp nhận hoặc mã xác nhận không đúng. Vui lòng kiểm tra lại.
guest-status-procedure = Thủ tục
guest-status-current = Tình trạng hiện tại
guest-status-keep-title = Quản lý trên Trang của tôi
guest-status-keep-signed-in = Quý vị có thể thêm hồ sơ này vào Trang của tôi. Sau đó, thông báo về hồ sơ sẽ được gửi đến tài khoản của quý vị.
guest-status-keep-button = Thêm vào Trang của tôi
guest-status-keep-sign-in = Hãy đăng nhập để thêm hồ sơ này vào Trang của tôi. Nếu chưa có tài khoản, quý vị có thể tạo (sau đó mở lại trang này từ liên kết trong thư tiếp nhận).
guest-status-sign-in = Đăng nhập
guest-status-register = Tạo tài khoản
guest-status-another = Xem hồ sơ khác
# forms: filling a form (prefill, bank picker, dates, language switch)
form-entry = { $label }: mục { $n }
form-latin-allowed = Người nước ngoài có thể viết furigana bằng chữ Latinh như trên thẻ cư trú hoặc hộ chiếu.
form-bank-name = Tên ngân hàng (kanji, kana hoặc romaji)
form-bank-search = Tìm ngân hàng
form-branch-name = Tên chi nhánh (kanji, kana hoặc romaji)
form-branch-search = Tìm chi nhánh
form-bank-none-found = Không tìm thấy. Hãy thử tên khác hoặc nhập mã.
form-account-type-ordinary = Thông thường (普通)
form-account-type-current = Vãng lai (当座)
form-account-type-savings = Tiết kiệm (貯蓄)
form-switch-language = Đổi ngôn ngữ (nội dung đã nhập được giữ lại)
form-switch-language-to = Ngôn ngữ

# identity: the profile that fills forms
profile-title = Hồ sơ (điền vào đơn)
profile-birth-date = Ngày sinh
profile-postal-code = Mã bưu điện
profile-address = Địa chỉ
profile-phone = Số điện thoại
profile-save = Lưu
profile-saved = Đã lưu. Đơn mới sẽ được điền sẵn các thông tin này.
profile-help = Thông tin lưu ở đây sẽ được điền vào đơn mới, và vẫn có thể sửa. Tất cả đều không bắt buộc.
prefill-offer = Nếu bạn muốn nộp tại quầy, hãy lưu nội dung ở đây thành mã QR. Khi đến cơ quan chỉ cần xuất trình mã QR, không phải viết đơn.
prefill-make = Nộp tại quầy (tạo mã QR)
prefill-title = Mã QR để xuất trình tại quầy
prefill-show-at-counter = Khi đến cơ quan, hãy xuất trình mã QR này tại quầy. Không phải viết đơn.
prefill-procedure = Thủ tục
prefill-code = Mã (nếu không đọc được mã QR, hãy đọc mã này cho nhân viên quầy)
prefill-expires = Có hiệu lực đến
prefill-print = In
prefill-no-personal-data = Mã QR không chứa thông tin cá nhân. Nội dung bạn nhập sẽ bị xóa khi hết hạn.
prefill-cancel = Hủy mã QR này
prefill-cancel-confirm = Nếu hủy, nội dung bạn nhập sẽ bị xóa và mã QR này không dùng được nữa. Bạn có muốn hủy không?
prefill-cancelled = Đã hủy. Nội dung bạn nhập đã bị xóa.
prefill-expired = Mã QR này đã hết hạn. Vui lòng nhập lại.
prefill-accepted = Đã tiếp nhận tại quầy. Số tiếp nhận là { $receipt }.
prefill-not-found = Không tìm thấy mã QR đó: đã bị hủy, hoặc đã hết hạn và bị xóa.
catalog-bereavement-guide = Thủ tục khi gia đình có người qua đời: trả lời vài câu hỏi để xem danh sách thủ tục (hướng dẫn tang sự)
catalog-life-event-guide = Tìm thủ tục theo sự kiện: chuyển nhà, sinh con, kết hôn … (hướng dẫn)
catalog-ask-assistant = Đặt câu hỏi (trợ lý 24 giờ)
assistant-answer-online = Đây là thủ tục "{ $name }". Bạn có thể nộp trực tuyến; xem trang thủ tục.
assistant-answer-counter = Đây là thủ tục "{ $name }", do { $place } tiếp nhận. Xem trang thủ tục.
assistant-answer-more = Các thủ tục liên quan cũng được liệt kê.
assistant-abstain = Xin lỗi, không tìm thấy thông tin để trả lời. Vui lòng gọi Nagoya Oshiete Dial (052-953-7584, hằng ngày 8:00–21:00) hoặc xem trang liên hệ.
assistant-title = Đặt câu hỏi
assistant-intro = Nhập câu hỏi về thủ tục. Câu trả lời lấy từ danh sách thủ tục và câu hỏi thường gặp, kèm các trang đã dùng. Khi không biết, chúng tôi sẽ chỉ nơi hỏi.
assistant-label = Câu hỏi
assistant-ask = Hỏi
assistant-sources = Các trang thủ tục đã dùng
assistant-you-asked = Câu hỏi của bạn
assistant-privacy = Câu hỏi được lưu sau khi xóa tên, số và địa chỉ, để cải thiện câu hỏi thường gặp. Đừng nhập thông tin cá nhân.
assistant-guide-link = Tìm theo sự kiện (hướng dẫn)
assistant-question-missing = Vui lòng nhập câu hỏi.
