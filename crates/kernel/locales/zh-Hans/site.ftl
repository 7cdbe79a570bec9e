# The pages every public service has: privacy, terms, accessibility, contact, sitemap.
# 每一行是一个段落，以“- ”开头的行是列表，[文字](/路径) 是站内链接。

## footer and common
site-footer-nav = 关于本网站
site-contents = 目录

## privacy policy
site-privacy-title = 个人信息的处理
site-privacy-lead =
    名古屋市（以下简称“本市”）依据“个人信息保护法”（平成15年法律第57号，以下简称“该法”）及“名古屋市个人信息保护法施行条例”，按以下方式妥善处理通过行政手续网上窗口（以下简称“本服务”）取得的个人信息。
site-privacy-collected-h = 1 取得的个人信息
site-privacy-collected =
    本服务取得以下个人信息。
    - 账户信息：姓名、电子邮件地址、密码（以无法还原的形式保存）、登记通行密钥（passkey）时的公钥。
    - 申请内容和附件：在申请书中填写的事项（住址、出生日期、联系方式等）以及上传的文件。
    - 手续费的支付记录：金额、支付方式、时间、支付机构的交易编号。信用卡号在支付机构的页面输入，本市不取得。
    - 使用记录：连接来源的IP地址、时间、浏览的页面、登录的成功与失败、职员查看申请的记录。
    - 电子邮件：本服务发送的邮件的收件地址和正文。
site-privacy-purposes-h = 2 使用目的
site-privacy-purposes =
    取得的个人信息仅在以下目的所需的范围内使用。
    - 受理、审查、决定和通知所申请的手续
    - 与申请人联系及确认本人身份
    - 收取和退还手续费
    - 防止不正当使用，安全地运营本服务
    - 制作无法识别个人的统计（例如网上化的进展）
    除法令规定的情况外，不会为使用目的以外的目的使用或提供个人信息（该法第69条）。
site-privacy-kept-h = 3 保存期限
site-privacy-kept =
    个人信息按以下期限保存，期限届满后予以删除。
    - 申请记录和附件：各手续规定的保存期限（未规定的手续为 { $years } 年），从手续结束之日所属年度的下一年度4月1日起计算。期限届满后，删除申请内容、附件和职员的内部备注，只保留受理编号、手续名称、日期等统计所需的事项。
    - 中途保存的申请（草稿）：最后一次保存后 { $draft_days } 天
    - 未用于申请的上传文件：上传后 { $upload_days } 天
    - 发送的电子邮件：发送后 { $mail_days } 天
    - 登录失败的记录：{ $failure_days } 天
    - 登录状态：登录后 { $resident_hours } 小时结束（职员为 { $staff_hours } 小时）。
    - 账户信息：保存至您提出删除申请为止。本服务目前还没有自行删除账户的功能，请向[联系方式](/contact)中的窗口提出。
    - 手续费的支付记录：作为会计记录保存。本服务目前尚未规定删除期限。
    - 职员查看申请的记录和申请变更的记录（审计记录）：为确认没有不正当行为，不设期限保存。
    - 服务器的运行记录（IP地址、时间、页面）：按照本市运营系统的记录管理规定处理。
site-privacy-who-h = 4 可以查看个人信息的人员
site-privacy-who =
    - 负责该手续的科室职员：仅限其负责的手续的申请。其他科室的职员无法查看。
    - 总务局数字化改革推进科的职员：在管理本服务和制作统计所需的范围内处理。
    - 受托运营和维护本服务的企业：通过合同要求其采取安全管理措施并保守秘密（该法第66条第2款）。
    - 支付机构：支付手续费时，接收金额和交易编号。
    除法令规定的情况外，未经本人同意，不向第三方提供。
site-privacy-basis-h = 5 法律依据
site-privacy-basis =
    本市依据“个人信息保护法”和“名古屋市个人信息保护法施行条例”处理个人信息。取得个人信息的依据由各手续的法律、条例、规则等规定，记载于各手续页面的“法律依据”中。
site-privacy-security-h = 6 安全管理措施
site-privacy-security =
    - 通信经过加密。
    - 申请内容和附件加密保存。
    - 职员登录采用两步验证，职员每次查看申请都会被记录。
    - 职员只能查看本科室的申请。
site-privacy-cookies-h = 7 Cookie
site-privacy-cookies =
    本服务只使用以下两种Cookie，不使用用于广告或分析浏览情况的Cookie。
    - 保持登录状态的Cookie：退出登录或登录 { $resident_hours } 小时后失效。
    - 防止其他网站冒用您的名义发送表单的Cookie：有效期1年，不含识别个人的信息。
site-privacy-requests-h = 8 请求公开、更正和停止使用
site-privacy-requests =
    本人可以依据该法，请求本市公开（该法第76条）、更正（该法第90条）或停止使用（该法第98条）本市持有的本人个人信息。
    申请的状态和内容可随时在[我的页面](/my)确认。请求方法请向[联系方式](/contact)中的窗口咨询。
site-privacy-changes-h = 9 本方针的修订
site-privacy-changes =
    本方针可能随法令修改或本服务的变更而修订。修订时将在本页面公告。

## terms of use
site-terms-title = 使用条款
site-terms-lead =
    本条款规定名古屋市（以下简称“本市”）提供的行政手续网上窗口（以下简称“本服务”）的使用事项。
site-terms-scope-h = 第1条 适用范围
site-terms-scope =
    本条款适用于使用本服务的所有人（以下简称“用户”）。用户使用本服务，即视为同意本条款。
    各手续的法律、条例、规则等另有规定的，以其规定为准。
site-terms-service-h = 第2条 本服务的内容
site-terms-service =
    通过本服务可以：
    - 查找本市的手续，了解其内容、所需文件和负责科室；
    - 在网上申请并确认申请的状态；
    - 缴纳手续费并接收通知书；
    - 查看本市手续网上化的进展及其数据。
site-terms-account-h = 第3条 账户
site-terms-account =
    - 请用准确的信息创建账户。
    - 请自行负责管理密码，不得让他人使用。
    - 如果账户可能被他人不正当使用，请立即更改密码并通知本市。
site-terms-applying-h = 第4条 申请
site-terms-applying =
    - 申请须由本人或有代理权限的人根据事实提出。
    - 显示受理编号时，视为申请已送达本市。
    - 受理申请并不意味着承诺许可或决定。审查依据各手续的法令等进行。
    - 为确认申请内容，本市可能与用户联系或要求提交文件。
site-terms-forbidden-h = 第5条 禁止事项
site-terms-forbidden =
    用户不得有以下行为：
    - 虚假申请或冒充他人申请；
    - 未经他人同意输入或试图查看他人的个人信息；
    - 非法访问本服务、造成过度负荷或妨碍其运营；
    - 违反法令、公共秩序或善良风俗的行为。
site-terms-interruptions-h = 第6条 本服务的停止
site-terms-interruptions =
    因维护、故障、灾害或其他不得已的情况，本市可能停止本服务的全部或部分功能。停止时将尽可能事先在本网站公告。
    有期限的手续无法使用本服务时，请到负责科室的窗口办理或邮寄办理。
site-terms-liability-h = 第7条 免责
site-terms-liability =
    对于因通信线路或用户设备故障等不可归责于本市的原因给用户造成的损害，本市不承担责任。
site-terms-content-h = 第8条 内容的使用
site-terms-content =
    本网站文字的著作权归本市所有。作为开放数据公开的数据，可按其页面所示的条件自由使用。
site-terms-changes-h = 第9条 条款的变更和准据法
site-terms-changes =
    本市在必要时可能变更本条款。变更时将在本页面公告。
    本条款以日本法律为准据法，与本服务有关的纠纷，以名古屋地方法院为第一审管辖法院。

## accessibility statement
site-a11y-title = 网页无障碍方针
site-a11y-lead =
    名古屋市致力于确保和提高网页无障碍，使包括老年人、残障人士和母语不是日语的人在内的所有人，都能使用本服务办理手续。
site-a11y-policy-h = 方针
site-a11y-policy =
    本服务依据日本工业标准 JIS X 8341-3:2016“面向老年人和残障人士的设计指南——信息通信中的设备、软件和服务——第3部分：网页内容”进行设计和测试。
site-a11y-target-h = 目标符合等级
site-a11y-target =
    目标是符合 JIS X 8341-3:2016 的 AA 等级（包括 WCAG 2.1 的 A 级和 AA 级成功标准）。
site-a11y-scope-h = 适用范围
site-a11y-scope =
    本服务面向居民的所有页面（手续的查找和介绍、申请、我的页面、网上化进展、开放数据、包括本页在内的网站通用页面）以及职员登录页面。
    包括全部8种语言：日语、简明日语、英语、中文、韩语、葡萄牙语、越南语和他加禄语。
site-a11y-method-h = 测试方法
site-a11y-method =
    - 按页面类型，在真实浏览器（Chromium）中使用 axe-core 进行自动测试，检查 WCAG 2.1 的 A 级和 AA 级项目。
    - 每个页面都以8种语言、在手机宽度（320像素）和电脑宽度下进行测试。
    - 另有测试确认仅用键盘就能完成申请。
    - 自动测试无法确认的项目（替代文本是否恰当、朗读顺序等）正在由人工进行确认。
site-a11y-results-h = 测试结果
site-a11y-results =
    以下按页面类型列出最新的自动测试结果。“违规数”是所有语言和屏幕宽度中发现的违规的合计。
site-a11y-results-caption = 测试工具：{ $tool }　测试日期：{ $date }　语言：{ $languages } 种　屏幕宽度：{ $viewports }
site-a11y-results-table = 按页面类型的自动测试结果
site-a11y-page-type = 页面类型
site-a11y-test-date = 测试日期
site-a11y-checks = 测试数
site-a11y-violations = 违规数
site-a11y-known-h = 反馈使用中的问题
site-a11y-known =
    如果本服务有难以使用或无法读取的地方，请通过[联系方式](/contact)中的窗口告诉我们。

## contact
site-contact-title = 联系方式
site-contact-lead =
    请根据咨询内容联系以下窗口。
site-contact-procedures-h = 关于手续的内容
site-contact-procedures =
    关于手续的内容、所需文件和审查情况，请咨询负责该手续的科室。从[手续一览](/procedures)打开各手续的页面，“负责部门”一栏中显示负责科室。
    申请后咨询时，请告知受理编号。受理编号可在[我的页面](/my)的申请一览中确认。
site-contact-general-h = 关于本服务的使用方法
site-contact-general =
    无法登录、不知道如何操作页面等有关本服务使用方法的问题，请咨询以下窗口。
site-contact-name-label = 窗口
site-contact-name = 名古屋市 总务局 数字化改革推进科
site-contact-phone-label = 电话号码
site-contact-hours-label = 受理时间
site-contact-hours = 工作日 上午8:45至下午5:15（星期六、星期日、节假日及年末年初除外）
site-contact-demo-note = 此电话号码和受理时间是演示用的值，无法接通。实际运营时将显示市政府设定的窗口。
site-contact-personal-h = 关于个人信息
site-contact-personal =
    关于请求公开、更正或停止使用个人信息，请阅读[个人信息的处理](/privacy)后，咨询上述窗口。

## sitemap
site-sitemap-title = 网站地图
site-sitemap-lead =
    本服务的页面一览。
site-sitemap-procedures = 手续
site-sitemap-all-procedures = 手续一览
site-sitemap-progress = 网上化的进展
site-sitemap-account = 账户
site-sitemap-about = 关于本网站
site-sitemap-xml = 面向搜索引擎的网站地图（XML）

## progress page: plan and actual
progress-plan = 计划
progress-actual = 实绩
progress-series = 计划・实绩
progress-plan-actual-intro = “计划”按计划中各手续预定网上化的年度统计，“实绩”按实际可以网上申请的年度统计。
progress-actual-so-far = { $year }的实绩是年度中途的数值（截至{ $date }）。
progress-actual-not-yet = 尚未到来
progress-change-plan = 同比（计划）
progress-change-actual = 同比（实绩）
progress-chart-overall-procedures = 整体进展（评价指标② 手续数，计划与实绩）
progress-chart-overall-cases = 整体进展（评价指标① 年度总件数，计划与实绩）
progress-chart-categories-year = 按分类的进展（评价指标② 手续数，{ $year }末，计划与实绩）
progress-chart-bureaus-both = 按局的进展（评价指标① 年度总件数，{ $year }末，计划与实绩，按实绩从高到低）
