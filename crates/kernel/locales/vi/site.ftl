# The pages every public service has: privacy, terms, accessibility, contact, sitemap.
# Mỗi dòng là một đoạn; dòng bắt đầu bằng "- " là danh sách; [chữ](/đường-dẫn) là liên kết trong trang.

## footer and common
site-footer-nav = Về trang web này
site-contents = Mục lục

## privacy policy
site-privacy-title = Chính sách bảo vệ thông tin cá nhân
site-privacy-lead =
    Thành phố Nagoya (sau đây gọi là "Thành phố") xử lý thích đáng thông tin cá nhân nhận được qua quầy trực tuyến thủ tục hành chính (sau đây gọi là "Dịch vụ") như dưới đây, theo Luật Bảo vệ thông tin cá nhân (Luật số 57 năm 2003, sau đây gọi là "Luật") và Điều lệ thi hành Luật Bảo vệ thông tin cá nhân của thành phố Nagoya.
site-privacy-collected-h = 1. Thông tin chúng tôi thu thập
site-privacy-collected =
    Dịch vụ thu thập các thông tin cá nhân sau.
    - Tài khoản: họ tên, địa chỉ email, mật khẩu (chỉ lưu ở dạng không thể khôi phục lại) và, nếu quý vị đăng ký khóa truy cập (passkey), khóa công khai của nó.
    - Hồ sơ và tệp đính kèm: những gì quý vị điền vào hồ sơ (như địa chỉ, ngày sinh, thông tin liên lạc) và các giấy tờ quý vị tải lên.
    - Thanh toán lệ phí: số tiền, phương thức, thời gian và mã giao dịch của công ty thanh toán. Số thẻ được nhập trên trang của công ty thanh toán; Thành phố không bao giờ nhận số thẻ.
    - Nhật ký sử dụng: địa chỉ IP kết nối, thời gian, các trang đã mở, các lần đăng nhập thành công và thất bại, và nhật ký nhân viên mở hồ sơ.
    - Email: địa chỉ và nội dung các thư mà Dịch vụ gửi cho quý vị.
site-privacy-purposes-h = 2. Mục đích sử dụng
site-privacy-purposes =
    Chúng tôi chỉ sử dụng thông tin cá nhân trong phạm vi cần thiết để:
    - tiếp nhận, xét duyệt, quyết định và thông báo các thủ tục quý vị đăng ký;
    - liên lạc với quý vị và xác nhận danh tính;
    - thu và hoàn lại lệ phí;
    - ngăn chặn việc sử dụng trái phép và vận hành Dịch vụ an toàn;
    - lập thống kê không thể nhận diện cá nhân (như tiến độ trực tuyến hóa thủ tục).
    Trừ trường hợp pháp luật cho phép, chúng tôi không sử dụng hoặc cung cấp thông tin cá nhân cho mục đích khác (Điều 69 của Luật).
site-privacy-kept-h = 3. Thời gian lưu giữ
site-privacy-kept =
    Chúng tôi lưu giữ thông tin cá nhân trong các thời hạn sau và xóa khi hết hạn.
    - Hồ sơ và tệp đính kèm: thời hạn lưu giữ quy định cho từng thủ tục ({ $years } năm đối với thủ tục không quy định), tính từ ngày 1 tháng 4 của năm tài chính sau năm mà hồ sơ kết thúc. Khi hết hạn, nội dung hồ sơ, tệp đính kèm và ghi chú nội bộ của nhân viên bị xóa; chỉ giữ lại những gì cần cho thống kê (số tiếp nhận, thủ tục, ngày tháng).
    - Hồ sơ lưu giữa chừng (bản nháp): { $draft_days } ngày kể từ lần lưu cuối cùng.
    - Tệp đã tải lên nhưng không dùng cho hồ sơ nào: { $upload_days } ngày kể từ khi tải lên.
    - Email đã gửi cho quý vị: { $mail_days } ngày kể từ khi gửi.
    - Các lần đăng nhập thất bại: { $failure_days } ngày.
    - Trạng thái đăng nhập: kết thúc sau { $resident_hours } giờ kể từ khi đăng nhập (nhân viên là { $staff_hours } giờ).
    - Tài khoản: cho đến khi quý vị yêu cầu xóa. Dịch vụ chưa có chức năng để quý vị tự xóa tài khoản, vì vậy xin hãy yêu cầu tại nơi [liên hệ](/contact).
    - Thanh toán lệ phí: lưu giữ làm hồ sơ kế toán. Dịch vụ chưa quy định thời điểm xóa.
    - Nhật ký nhân viên mở hồ sơ và nhật ký thay đổi hồ sơ (nhật ký kiểm toán): lưu giữ không thời hạn để có thể điều tra hành vi sai trái.
    - Nhật ký hoạt động của máy chủ (địa chỉ IP, thời gian, trang): theo quy định quản lý hồ sơ của Thành phố đối với các hệ thống do Thành phố vận hành.
site-privacy-who-h = 4. Ai có thể xem
site-privacy-who =
    - Nhân viên của phòng phụ trách thủ tục, chỉ đối với hồ sơ của thủ tục đó. Nhân viên các phòng khác không thể xem.
    - Nhân viên Phòng Thúc đẩy Chuyển đổi số (Cục Tổng vụ), trong phạm vi cần thiết để vận hành Dịch vụ và lập thống kê.
    - Các công ty được Thành phố ủy thác vận hành và bảo trì Dịch vụ, bị ràng buộc bằng hợp đồng về biện pháp an toàn và bảo mật (Điều 66 khoản 2 của Luật).
    - Các công ty thanh toán, nhận số tiền và mã giao dịch khi quý vị nộp lệ phí.
    Trừ trường hợp pháp luật cho phép, chúng tôi không cung cấp thông tin cá nhân cho bên thứ ba khi chưa có sự đồng ý của quý vị.
site-privacy-basis-h = 5. Căn cứ pháp lý
site-privacy-basis =
    Thành phố xử lý thông tin cá nhân theo Luật Bảo vệ thông tin cá nhân và Điều lệ thi hành Luật Bảo vệ thông tin cá nhân của thành phố Nagoya. Căn cứ để thu thập thông tin được quy định cho từng thủ tục bằng luật, điều lệ hoặc quy tắc, và được ghi ở mục "Căn cứ pháp lý" trên trang của thủ tục.
site-privacy-security-h = 6. Biện pháp bảo vệ
site-privacy-security =
    - Kết nối được mã hóa.
    - Nội dung hồ sơ và tệp đính kèm được lưu ở dạng mã hóa.
    - Nhân viên đăng nhập bằng xác thực hai bước, và mỗi lần nhân viên mở hồ sơ đều được ghi lại.
    - Nhân viên chỉ xem được hồ sơ của phòng mình.
site-privacy-cookies-h = 7. Cookie
site-privacy-cookies =
    Dịch vụ chỉ dùng hai cookie sau. Không dùng cookie cho quảng cáo hay phân tích việc duyệt web.
    - Cookie giữ trạng thái đăng nhập: hết hiệu lực khi quý vị đăng xuất, hoặc sau { $resident_hours } giờ kể từ khi đăng nhập.
    - Cookie ngăn các trang web khác gửi biểu mẫu dưới danh nghĩa của quý vị: có hiệu lực một năm và không chứa thông tin nhận diện quý vị.
site-privacy-requests-h = 8. Yêu cầu công khai, sửa đổi hoặc ngừng sử dụng
site-privacy-requests =
    Theo Luật, quý vị có thể yêu cầu Thành phố công khai (Điều 76), sửa đổi (Điều 90) hoặc ngừng sử dụng (Điều 98) thông tin cá nhân của quý vị mà Thành phố đang giữ.
    Quý vị có thể xem tình trạng và nội dung hồ sơ bất cứ lúc nào tại [Trang của tôi](/my). Để đưa ra yêu cầu, xin hỏi cách thực hiện tại nơi [liên hệ](/contact).
site-privacy-changes-h = 9. Thay đổi chính sách này
site-privacy-changes =
    Chính sách này có thể thay đổi khi pháp luật hoặc Dịch vụ thay đổi. Mọi thay đổi sẽ được thông báo trên trang này.

## terms of use
site-terms-title = Điều khoản sử dụng
site-terms-lead =
    Các điều khoản này quy định việc sử dụng quầy trực tuyến thủ tục hành chính (sau đây gọi là "Dịch vụ") do Thành phố Nagoya (sau đây gọi là "Thành phố") cung cấp.
site-terms-scope-h = Điều 1. Phạm vi áp dụng
site-terms-scope =
    Các điều khoản này áp dụng cho mọi người sử dụng Dịch vụ (sau đây gọi là "người dùng"). Khi sử dụng Dịch vụ, quý vị được coi là đã đồng ý với các điều khoản này.
    Nếu luật, điều lệ hoặc quy tắc có quy định khác cho một thủ tục, quy định đó được ưu tiên.
site-terms-service-h = Điều 2. Nội dung Dịch vụ
site-terms-service =
    Với Dịch vụ, quý vị có thể:
    - tìm các thủ tục của Thành phố và xem nội dung, giấy tờ cần thiết và phòng phụ trách;
    - nộp hồ sơ trực tuyến và theo dõi hồ sơ;
    - nộp lệ phí và nhận thông báo;
    - xem tiến độ trực tuyến hóa thủ tục của Thành phố và dữ liệu của nó.
site-terms-account-h = Điều 3. Tài khoản
site-terms-account =
    - Hãy tạo tài khoản bằng thông tin chính xác.
    - Hãy tự quản lý mật khẩu và không để người khác sử dụng.
    - Nếu tài khoản có thể đã bị sử dụng trái phép, hãy đổi mật khẩu ngay và báo cho Thành phố.
site-terms-applying-h = Điều 4. Nộp hồ sơ
site-terms-applying =
    - Chỉ nộp hồ sơ cho chính mình hoặc cho người mà quý vị được ủy quyền đại diện, và chỉ với thông tin đúng sự thật.
    - Hồ sơ được coi là đã đến Thành phố khi số tiếp nhận hiển thị.
    - Việc tiếp nhận hồ sơ không có nghĩa là bảo đảm được cấp phép hay quyết định. Hồ sơ được xét duyệt theo luật và quy định của từng thủ tục.
    - Thành phố có thể liên lạc với quý vị hoặc yêu cầu giấy tờ để kiểm tra hồ sơ.
site-terms-forbidden-h = Điều 5. Hành vi bị cấm
site-terms-forbidden =
    Người dùng không được:
    - nộp hồ sơ gian dối hoặc mạo danh người khác;
    - nhập hoặc cố xem thông tin cá nhân của người khác khi chưa được người đó đồng ý;
    - truy cập trái phép Dịch vụ, gây quá tải hoặc cản trở việc vận hành;
    - làm trái pháp luật, trật tự công cộng hoặc thuần phong mỹ tục.
site-terms-interruptions-h = Điều 6. Tạm ngừng Dịch vụ
site-terms-interruptions =
    Thành phố có thể tạm ngừng toàn bộ hoặc một phần Dịch vụ vì bảo trì, sự cố, thiên tai hoặc lý do bất khả kháng khác. Khi có thể, việc tạm ngừng sẽ được thông báo trước trên trang web này.
    Nếu không dùng được Dịch vụ cho một thủ tục có thời hạn, xin hãy đến quầy của phòng phụ trách hoặc nộp qua đường bưu điện.
site-terms-liability-h = Điều 7. Miễn trừ trách nhiệm
site-terms-liability =
    Thành phố không chịu trách nhiệm về thiệt hại của người dùng do những nguyên nhân không thuộc trách nhiệm của Thành phố, như sự cố đường truyền hoặc thiết bị của người dùng.
site-terms-content-h = Điều 8. Sử dụng nội dung
site-terms-content =
    Bản quyền văn bản trên trang web này thuộc về Thành phố. Dữ liệu được công bố dưới dạng dữ liệu mở có thể được sử dụng tự do theo các điều kiện ghi trên trang của dữ liệu đó.
site-terms-changes-h = Điều 9. Thay đổi điều khoản và luật áp dụng
site-terms-changes =
    Thành phố có thể thay đổi các điều khoản này khi cần thiết. Mọi thay đổi sẽ được thông báo trên trang này.
    Các điều khoản này tuân theo pháp luật Nhật Bản, và Tòa án quận Nagoya là tòa án sơ thẩm có thẩm quyền đối với mọi tranh chấp liên quan đến Dịch vụ.

## accessibility statement
site-a11y-title = Chính sách tiếp cận web
site-a11y-lead =
    Thành phố Nagoya nỗ lực để mọi người, kể cả người cao tuổi, người khuyết tật và người không nói tiếng Nhật là tiếng mẹ đẻ, đều có thể dùng Dịch vụ để làm thủ tục.
site-a11y-policy-h = Chính sách
site-a11y-policy =
    Dịch vụ được thiết kế và kiểm tra theo Tiêu chuẩn công nghiệp Nhật Bản JIS X 8341-3:2016 "Hướng dẫn thiết kế dành cho người cao tuổi và người khuyết tật — Thiết bị, phần mềm và dịch vụ thông tin và truyền thông — Phần 3: Nội dung web".
site-a11y-target-h = Mức độ tuân thủ mục tiêu
site-a11y-target =
    Mục tiêu là tuân thủ mức AA của JIS X 8341-3:2016 (bao gồm các tiêu chí thành công mức A và AA của WCAG 2.1).
site-a11y-scope-h = Phạm vi
site-a11y-scope =
    Tất cả các trang dành cho cư dân của Dịch vụ (tìm và xem thông tin thủ tục, nộp hồ sơ, Trang của tôi, tiến độ trực tuyến hóa, dữ liệu mở và các trang chung của trang web, kể cả trang này) và các trang đăng nhập của nhân viên.
    Cả tám ngôn ngữ: tiếng Nhật, tiếng Nhật dễ hiểu, tiếng Anh, tiếng Trung, tiếng Hàn, tiếng Bồ Đào Nha, tiếng Việt và tiếng Tagalog.
site-a11y-method-h = Cách kiểm tra
site-a11y-method =
    - Mỗi loại trang được kiểm tra tự động bằng axe-core trong một trình duyệt thật (Chromium) theo các tiêu chí mức A và AA của WCAG 2.1.
    - Mỗi trang được kiểm tra bằng cả tám ngôn ngữ, ở chiều rộng điện thoại (320 điểm ảnh) và chiều rộng máy tính.
    - Một bài kiểm tra khác xác nhận rằng có thể nộp hồ sơ từ đầu đến cuối chỉ bằng bàn phím.
    - Những gì kiểm tra tự động không xác nhận được (văn bản thay thế có phù hợp không, thứ tự đọc, v.v.) đang được con người xem xét.
site-a11y-results-h = Kết quả
site-a11y-results =
    Kết quả kiểm tra tự động mới nhất theo loại trang. "Số vi phạm" là tổng số vi phạm tìm thấy ở mọi ngôn ngữ và chiều rộng.
site-a11y-results-caption = Công cụ: { $tool }. Ngày kiểm tra: { $date }. Số ngôn ngữ: { $languages }. Chiều rộng: { $viewports }.
site-a11y-results-table = Kết quả kiểm tra tự động theo loại trang
site-a11y-page-type = Loại trang
site-a11y-test-date = Ngày kiểm tra
site-a11y-checks = Số lần kiểm tra
site-a11y-violations = Số vi phạm
site-a11y-known-h = Báo cho chúng tôi về vấn đề
site-a11y-known =
    Nếu có phần nào của Dịch vụ khó sử dụng hoặc không đọc được, xin hãy báo cho chúng tôi tại nơi [liên hệ](/contact).

## contact
site-contact-title = Liên hệ
site-contact-lead =
    Xin hãy liên hệ đúng nơi tùy theo nội dung câu hỏi.
site-contact-procedures-h = Về một thủ tục
site-contact-procedures =
    Về nội dung thủ tục, giấy tờ cần thiết hoặc tình trạng xét duyệt hồ sơ, xin hãy hỏi phòng phụ trách thủ tục đó. Mở trang của thủ tục từ [danh sách thủ tục](/procedures): phòng phụ trách được ghi ở mục "Nơi phụ trách".
    Sau khi nộp hồ sơ, xin cho biết số tiếp nhận. Quý vị có thể xem số này trong danh sách hồ sơ tại [Trang của tôi](/my).
site-contact-general-h = Về cách sử dụng Dịch vụ
site-contact-general =
    Nếu quý vị không đăng nhập được hoặc không biết cách dùng một trang, xin hãy liên hệ:
site-contact-name-label = Nơi liên hệ
site-contact-name = Phòng Thúc đẩy Chuyển đổi số, Cục Tổng vụ, Thành phố Nagoya
site-contact-phone-label = Điện thoại
site-contact-hours-label = Giờ làm việc
site-contact-hours = Ngày thường, từ 8 giờ 45 sáng đến 5 giờ 15 chiều (nghỉ thứ Bảy, Chủ nhật, ngày lễ và dịp cuối năm, đầu năm)
site-contact-demo-note = Số điện thoại và giờ làm việc này là giá trị dùng cho bản demo; số này không gọi được. Khi vận hành thực tế, trang sẽ hiển thị nơi liên hệ do thành phố thiết lập.
site-contact-personal-h = Về thông tin cá nhân
site-contact-personal =
    Để yêu cầu công khai, sửa đổi hoặc ngừng sử dụng thông tin cá nhân, xin hãy đọc [chính sách bảo vệ thông tin cá nhân](/privacy) rồi liên hệ nơi ở trên.

## sitemap
site-sitemap-title = Sơ đồ trang web
site-sitemap-lead =
    Danh sách các trang của Dịch vụ.
site-sitemap-procedures = Thủ tục
site-sitemap-all-procedures = Tất cả thủ tục
site-sitemap-progress = Trực tuyến hóa
site-sitemap-account = Tài khoản
site-sitemap-about = Về trang web này
site-sitemap-xml = Sơ đồ trang web cho công cụ tìm kiếm (XML)

## progress page: plan and actual
progress-plan = Kế hoạch
progress-actual = Thực tế
progress-series = Kế hoạch / thực tế
progress-plan-actual-intro = "Kế hoạch" tính mỗi thủ tục từ năm tài chính mà kế hoạch dự định đưa lên trực tuyến; "thực tế" tính từ năm tài chính mà thủ tục thật sự có thể nộp trực tuyến.
progress-actual-so-far = Số liệu thực tế của { $year } là của một năm chưa kết thúc (tính đến { $date }).
progress-actual-not-yet = chưa đến
progress-change-plan = So với năm trước (kế hoạch)
progress-change-actual = So với năm trước (thực tế)
progress-chart-overall-procedures = Tiến độ chung (chỉ số ② số thủ tục, kế hoạch và thực tế)
progress-chart-overall-cases = Tiến độ chung (chỉ số ① tổng số hồ sơ mỗi năm, kế hoạch và thực tế)
progress-chart-categories-year = Tiến độ theo loại (chỉ số ② số thủ tục, cuối { $year }, kế hoạch và thực tế)
progress-chart-bureaus-both = Tiến độ theo cục (chỉ số ① tổng số hồ sơ mỗi năm, cuối { $year }, kế hoạch và thực tế, thực tế cao nhất trước)
