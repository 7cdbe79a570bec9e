# Textos das páginas para moradores (português do Brasil)

## layout
layout-online-counter = Atendimento Online
layout-skip-main-content = Ir para o conteúdo principal
layout-main-menu = Menu principal
layout-language = Idioma
layout-madoguchi-open-source-online = madoguchi — atendimento online para procedimentos administrativos (código aberto)

## common
common-find-procedure = Buscar procedimento
common-category = Categoria
common-tags = Etiquetas
common-are-here = Você está aqui
common-there-problem = Verifique os dados informados
common-e-mail-address = Endereço de e-mail
common-password = Senha
common-sign = Entrar
common-name = Nome
common-new-password = Nova senha
common-at-least-10-characters = No mínimo 10 caracteres.

## error
error-back-list-procedures = Voltar à lista de procedimentos

## catalog
catalog-there-problem-with-search = Há um erro nos critérios de busca
catalog-keywords-japanese-english = Palavras-chave (em japonês ou inglês)
catalog-narrow-down = Filtrar resultados
catalog-narrow-down-2 = Filtros
catalog-all = Todos
catalog-life-event = Evento da vida
catalog-bureau = Órgão responsável (局 kyoku)
catalog-tag = Etiqueta
catalog-only-procedures-available-online = Somente procedimentos com solicitação online
catalog-search = Buscar
catalog-popular-tags = Etiquetas mais usadas
catalog-no-procedure-matched-try = Nenhum procedimento encontrado. Tente palavras mais curtas ou escreva em hiragana.
catalog-did-you-mean = Você quis dizer:
catalog-showing-corrected = Nada encontrado com as palavras digitadas; mostrando resultados para:
catalog-partial-match = Nenhum procedimento tem todas as palavras; mostrando os que têm algumas delas.
catalog-pages = Paginação
catalog-previous-page = Página anterior
catalog-next-page = Próxima página

## procedure
procedure-apply-online = Solicitar online
procedure-handled-by = Responsável
procedure-online = Online
procedure-since = Desde
procedure-planned = previsto
procedure-reason = Motivo
procedure-fee = Taxa
procedure-legal-basis = Base legal
procedure-standard-processing-time = Prazo padrão de processamento
procedure-cases-year = Casos por ano
procedure-what-bring-attach = O que levar ou anexar
procedure-where-go = Onde ser atendido
procedure-life-events = Eventos da vida relacionados

## apply
apply-what-correct = O que deve ser corrigido
apply-keep-as-draft = Salvar rascunho

## confirm
confirm-application-like-one-has = Já existe uma solicitação igual feita pela mesma pessoa
confirm-check-are-not-applying = Verifique se você não está enviando a solicitação em duplicidade. Se quiser, pode enviá-la assim mesmo.
confirm-send-application = Enviar a solicitação
confirm-go-back-change = Voltar e corrigir

## receipt
receipt-receipt-number = Número de recebimento (受付番号)
receipt-received-at = Data e hora do recebimento
receipt-quote-receipt-number-if = Ao entrar em contato conosco, informe o número de recebimento. Você pode acompanhar a análise em Minha página.
receipt-go-my-page = Ir para Minha página

## my_applications
my-applications-unfinished-applications-drafts = Solicitações não concluídas (rascunhos)
my-applications-kept = salvo em
my-applications-sent-applications = Solicitações enviadas
my-applications-have-no-applications-yet = Você ainda não tem solicitações.
my-applications-procedures-can-apply-online = Procedimentos com solicitação online

## my_application
my-application-my-applications = Minhas solicitações
my-application-city-has-asked-correct = A prefeitura pediu que você corrija a solicitação (補正 hosei).
my-application-correct-send-again = Corrigir e enviar novamente
my-application-withdraw-application = Retirar esta solicitação
my-application-what-has-happened = Andamento
my-application-from-section = Mensagem do setor responsável
my-application-what-sent = Dados enviados
my-application-disposed = As respostas e os arquivos desta solicitação foram eliminados em { $date }, após o prazo de guarda de { $years } anos. O número de recebimento, o procedimento e o andamento continuam registrados.
my-application-disposed-short = Eliminada após o prazo de guarda
my-application-message-from-section = Mensagem do setor responsável
my-application-withdraw-question = Retirar esta solicitação?
my-application-withdraw-consequence = Depois de retirada, a solicitação não será analisada, e a retirada não pode ser desfeita. Para solicitar de novo, comece uma nova solicitação.
my-application-withdraw-not-yet = Nada foi retirado ainda.
my-application-withdraw-confirm = Sim, retirar
my-application-withdraw-cancel = Manter a solicitação

## login
login-could-not-signed = Não foi possível entrar
login-forgot-password = Esqueceu a senha?
login-new-here = Primeira vez?
login-create-account = Criar uma conta
login-residents = Moradores:
login-sign-here = entrar aqui
login-city-staff = Servidores da prefeitura:
login-staff-sign = acesso dos servidores

## register
register-with-account-can-follow = Com uma conta, você pode acompanhar suas solicitações em Minha página e responder aos pedidos de correção. Enviaremos um e-mail de confirmação para o endereço cadastrado.
register-optional = opcional
register-required = obrigatório
register-at-least-10-characters = No mínimo 10 caracteres. Uma frase longa é fácil de lembrar e segura.
register-send-check-mail = Enviar e-mail de confirmação
register-have-account = Já tem uma conta?

## forgot
forgot-if-address-has-account = Se houver uma conta com esse endereço, enviamos um e-mail para redefinir a senha (o link vale por 1 hora).
forgot-send-mail = Enviar e-mail de redefinição

## reset
reset-set-password = Definir a senha

## password
password-password-has-been-changed = Sua senha foi alterada. As sessões em outros aparelhos foram encerradas.
password-current-password = Senha atual
password-change-password = Alterar a senha

## notice
notice-if-mail-does-not = Se o e-mail de confirmação não chegar
notice-send-check-mail-again = Reenviar e-mail de confirmação

## account
account-status = Situação
account-see-my-applications = Ver minhas solicitações
account-open-inbox = Abrir solicitações recebidas
account-manage-forms-workflows = Gerenciar formulários e fluxos de trabalho
account-change-password = Alterar a senha
account-sign-out = Sair

## furigana (shown only in easy Japanese)
layout-furigana-off = Ocultar furigana
layout-furigana-on = Mostrar furigana

## catalog: counts and labels
catalog-result-count = { $count ->
    [0] { $count } procedimentos
    [one] { $count } procedimento
   *[other] { $count } procedimentos
}
procedure-cases-count = { $count } casos
procedure-unknown = Não informado
procedure-fee-free = Gratuito
procedure-fee-yen = { $amount } ienes
procedure-fee-depends = Varia conforme o caso
procedure-standard-days = { $days ->
    [one] { $days } dia
   *[other] { $days } dias
}
procedure-offices-count = { $count ->
    [0] { $count } locais de atendimento
    [one] { $count } local de atendimento
   *[other] { $count } locais de atendimento
}
category-childcare = Criação dos filhos
category-nursing-care = Cuidados de longa duração (kaigo)
category-high-impact = Maior benefício
category-other = Outros
status-online = Solicitação online disponível
status-planned = Online em breve
status-not-online = No balcão ou pelo correio
status-impossible = Não pode ser feito online

## form fields
form-mark-required = obrigatório
form-mark-optional = opcional
form-attached = Anexado:
form-attached-replace = { " " }— escolha outro arquivo para substituí-lo.
form-add-item = Adicionar { $label }
form-select-prompt = Selecione
form-part-family-name = Sobrenome
form-part-given-name = Nome
form-part-family-name-kana = Sobrenome em katakana (フリガナ)
form-part-given-name-kana = Nome em katakana (フリガナ)
form-part-bank-code = Código do banco (4 dígitos)
form-part-branch-code = Código da agência (3 dígitos)
form-part-account-type = Tipo de conta (普通 comum, 当座 corrente ou 貯蓄 poupança)
form-part-account-number = Número da conta (até 7 dígitos)
form-part-account-holder = Titular da conta (em katakana)
form-answer-yes = Sim
form-answer-file = arquivo

## application statuses
status-received = Recebida
status-reviewing = Em análise
status-correction-requested = Correção solicitada
status-resubmitted = Corrigida (aguardando nova análise)
status-approved = Aprovada
status-rejected = Não aprovada
status-notice-issued = Notificação emitida
status-closed = Concluída
status-withdrawn = Retirada

## shown when city texts on a page are not translated
layout-partly-japanese = Partes desta página ainda não foram traduzidas e aparecem em japonês (sublinhadas com pontos).

## progress page
progress-title = Progresso da digitalização
progress-intro = Os dois indicadores do plano de digitalização de Nagoya. Cada ano conta os procedimentos que podem ser feitos on-line até o fim daquele ano fiscal, incluindo os anteriores. Procedimentos que por lei não podem ser on-line ficam de fora.
progress-cases-heading = Indicador ①: casos por ano
progress-procedures-heading = Indicador ②: procedimentos
progress-group = Grupo
progress-change = Variação sobre o ano anterior
progress-all = Todos os procedimentos
progress-procedures-count = { $count } procedimentos
progress-reference-only = { $count } procedimentos não têm número anual conhecido; por isso, os casos por ano são um valor de referência.
progress-charts = Gráficos
progress-chart-categories = Progresso por categoria e ano (indicador ②, plano)
progress-chart-bureaus = Progresso por departamento (indicador ①, real no fim de { $year })
progress-downloads = Baixar os dados
progress-download-csv = CSV (para planilhas)
progress-download-json = JSON (para sistemas)
layout-progress = Progresso on-line
progress-bureaus-heading = Por departamento (① casos por ano / ② procedimentos)

## open data
open-data-title = Dados abertos
open-data-intro = A lista de procedimentos e os indicadores de digitalização, publicados para qualquer pessoa reutilizar. Os endereços não mudam. Os arquivos CSV são UTF-8 com BOM.
open-data-datasets = Dados
open-data-procedures = Procedimentos
open-data-indicators = Indicadores de digitalização
open-data-online-use = Uso on-line por procedimento, por ano fiscal
open-data-columns = O que significa cada coluna
open-data-file = Arquivo
open-data-column = Coluna
layout-open-data = Dados abertos
layout-congestion = Espera nos balcões
progress-download-xlsx = Excel (xlsx)

## staff sign-in: second step
twofa-code-title = Digite o código
twofa-code-intro = Digite o código de 6 dígitos mostrado no seu aplicativo autenticador. Sem o celular, você pode digitar um dos seus códigos de recuperação.
twofa-code-label = Código (ou código de recuperação)
twofa-lost-device = Se não puder usar nem o aplicativo nem um código de recuperação, peça ao administrador do sistema para redefinir sua verificação em duas etapas.
twofa-enter-code = Digite o código
twofa-wrong-code = O código está errado ou já foi usado (restam { $left } tentativas)
twofa-enrol-title = Configurar a verificação em duas etapas
twofa-enrol-intro = Servidores entram com a senha e um código de um aplicativo autenticador (Google Authenticator, Microsoft Authenticator ou outro). A configuração é feita uma vez.
twofa-enrol-scan = Leia este QR code com o aplicativo autenticador.
twofa-enrol-qr-alt = QR code para adicionar esta conta a um aplicativo autenticador
twofa-enrol-type = Se não conseguir ler, digite esta chave no aplicativo.
twofa-enrol-key = Chave
twofa-enrol-uri = URI
twofa-enrol-confirm = Digite o código de 6 dígitos mostrado no aplicativo para conferir a configuração.
twofa-enrol-submit = Configurar e entrar
twofa-recovery-title = Códigos de recuperação
twofa-recovery-intro = A verificação em duas etapas está configurada. Imprima estes códigos de recuperação ou guarde-os em lugar seguro: cada um permite entrar uma vez quando o aplicativo não estiver à mão. Eles não serão mostrados novamente.
twofa-recovery-continue = Já guardei: continuar

## passkeys
passkey-title = Chaves de acesso
passkey-intro = Com uma chave de acesso, você entra com a impressão digital, o rosto ou o bloqueio de tela deste aparelho, em vez da senha.
passkey-none = Você ainda não tem chaves de acesso.
passkey-name = Nome
passkey-created = Adicionada em
passkey-last-used = Último uso
passkey-remove = Remover
passkey-add-heading = Adicionar uma chave de acesso
passkey-add = Adicionar uma chave de acesso neste aparelho
passkey-elsewhere = As chaves de acesso são adicionadas e usadas neste endereço:
passkey-needs-script = Adicionar uma chave de acesso requer JavaScript.
passkey-back = Voltar à minha página
passkey-working = Siga as instruções do seu aparelho…
passkey-sign-in = Entrar com uma chave de acesso
passkey-default-name = Chave de acesso
passkey-error-failed = Não foi possível usar a chave de acesso.
passkey-error-unavailable = Chaves de acesso não estão disponíveis neste site.
passkey-error-expired = Demorou demais. Tente novamente.
passkey-error-unknown = Esta chave de acesso não está registrada.
passkey-error-too-many = Não é possível adicionar mais chaves de acesso. Remova as que não usa mais.
passkey-error-too-many-attempts = Tentativas demais. Aguarde um pouco e tente novamente.

## entrar com a conta da prefeitura e com o gBizID (OpenID Connect)
sso-staff-button = Entrar com a conta da prefeitura
sso-gbizid-button = Empresas: entrar com o gBizID
sso-refused-title = Não foi possível entrar
sso-unavailable = O serviço de login da prefeitura não está disponível no momento. Entre com o e-mail e a senha do madoguchi ou tente novamente mais tarde.
sso-failed = O login não foi concluído (demorou demais ou foi iniciado em outro navegador). Comece de novo.
sso-no-role = Sua conta da prefeitura não tem função no madoguchi. Peça uma ao departamento de TI.
sso-no-account = Não há conta do madoguchi para este login. Fale com o departamento de TI.
sso-disabled = Esta conta de funcionário está desativada. Fale com o departamento de TI.
sso-missing-claim = O serviço de login da prefeitura não informou seu e-mail. Fale com o departamento de TI.
sso-gbizid-missing-claim = O gBizID não informou o número corporativo e o e-mail desta conta. Entre com uma conta gBizID de empresa (gBizID Prime ou Member).
sso-back-to-login = Voltar à página de login

## procedure: who, when, how to apply
procedure-who-can-apply = Quem pode solicitar
procedure-deadline = Prazo
procedure-how-apply = Como solicitar
procedure-apply-on-service = Solicitar em { $service }
procedure-leaves-site = Abre outro site
way-form = Você pode solicitar online aqui.
way-external = Você pode solicitar online em { $service }.
way-post = Solicite pelo correio.
way-counter = Solicite no balcão de atendimento.
way-unstated = Atendimento no balcão ou pelo correio. Consulte o setor responsável.
procedure-contact = Contato
procedure-phone = Telefone
procedure-email = E-mail
procedure-hours = Horário de atendimento

## header: signing in (public pages)
header-account-menu = Conta
header-login = Entrar
header-my-page = Minha página
header-logout = Sair
header-back-office = Área dos servidores

# Guests follow an application by its receipt number and check code.
receipt-quote-receipt-number = Ao entrar em contato conosco, informe o número de recebimento.
receipt-check-code = Código de verificação
receipt-guest-follow = Com o número de recebimento e o código de verificação, você pode ver a situação do seu pedido a qualquer momento, sem conta. Anote-os ou salve esta página; o e-mail de recebimento também os traz.
receipt-check-status = Ver a situação do pedido
guest-status-title = Consultar a situação de um pedido
guest-status-intro = Informe o número de recebimento e o código de verificação. O código está na página de recebimento que você viu ao enviar o pedido e no e-mail de recebimento. Não é preciso ter conta.
guest-status-receipt-number = Número de recebimento
guest-status-receipt-hint = Exemplo: R8-0000123
guest-status-check-code = Código de verificação
guest-status-code-hint = Exemplo: AB12C-D34EF (10 letras e números; pode ser em minúsculas)
guest-status-check = Consultar
guest-status-not-found = O número de recebimento ou o código de verificação não está correto. Confira e tente de novo.
guest-status-procedure = Procedimento
guest-status-current = Situação atual
guest-status-keep-title = Guardar em Minha página
guest-status-keep-signed-in = Você pode adicionar este pedido à sua Minha página. Depois disso, os avisos sobre ele chegam à sua conta.
guest-status-keep-button = Adicionar à Minha página
guest-status-keep-sign-in = Entre na sua conta para adicionar este pedido à Minha página. Se não tiver conta, pode criar uma (depois, abra esta página de novo pelo link do e-mail de recebimento).
guest-status-sign-in = Entrar
guest-status-register = Criar conta
guest-status-another = Consultar outro pedido
# forms: filling a form (prefill, bank picker, dates, language switch)
form-entry = { $label }: item { $n }
form-latin-allowed = Estrangeiros podem escrever o furigana em letras latinas, como no cartão de residente ou passaporte.
form-bank-name = Nome do banco (kanji, kana ou romaji)
form-bank-search = Procurar o banco
form-branch-name = Nome da agência (kanji, kana ou romaji)
form-branch-search = Procurar a agência
form-bank-none-found = Nada encontrado. Tente outro nome ou digite o código.
form-account-type-ordinary = Comum (普通)
form-account-type-current = Corrente (当座)
form-account-type-savings = Poupança (貯蓄)
form-switch-language = Mudar o idioma (o que você digitou é guardado)
form-switch-language-to = Idioma

# identity: the profile that fills forms
profile-title = Perfil (preenchido nos formulários)
profile-birth-date = Data de nascimento
profile-postal-code = Código postal
profile-address = Endereço
profile-phone = Telefone
profile-save = Salvar
profile-saved = Salvo. Novos pedidos começam com estes dados.
profile-help = O que você guarda aqui preenche novos formulários, onde ainda pode ser alterado. Tudo é opcional.
prefill-offer = Se preferir entregar no balcão, guarde aqui as suas respostas como um código QR. Ao vir à prefeitura, basta mostrá-lo: não há formulário para escrever.
prefill-make = Entregar no balcão (criar um código QR)
prefill-title = Seu código QR para o balcão
prefill-show-at-counter = Ao vir à prefeitura, mostre este código QR no balcão. Não há formulário para escrever.
prefill-procedure = Procedimento
prefill-code = Código (se o código QR não puder ser lido, informe este código no balcão)
prefill-expires = Válido até
prefill-print = Imprimir
prefill-no-personal-data = O código QR não contém dados pessoais. Suas respostas são apagadas quando ele expira.
prefill-cancel = Cancelar este código QR
prefill-cancel-confirm = Ao cancelar, suas respostas são apagadas e este código QR deixa de funcionar. Cancelar?
prefill-cancelled = Cancelado. Suas respostas foram apagadas.
prefill-expired = Este código QR expirou. Preencha o formulário novamente.
prefill-accepted = Recebido no balcão. O número de recebimento é { $receipt }.
prefill-not-found = Este código QR não existe: foi cancelado ou expirou e foi apagado.
catalog-bereavement-guide = Após um falecimento na família: responda a algumas perguntas para ver a lista de procedimentos (guia de luto)
catalog-life-event-guide = Procedimentos por acontecimento: mudança, nascimento, casamento … (guia)
catalog-ask-assistant = Faça uma pergunta (assistente 24 horas)
assistant-answer-online = Este é o procedimento "{ $name }". Você pode solicitar online; veja a página do procedimento.
assistant-answer-counter = Este é o procedimento "{ $name }", atendido por { $place }. Veja a página do procedimento.
assistant-answer-more = Procedimentos relacionados também são indicados.
assistant-abstain = Desculpe, não encontramos informação para responder. Ligue para o Nagoya Oshiete Dial (052-953-7584, todos os dias, 8h–21h) ou veja a página de contato.
assistant-title = Faça uma pergunta
assistant-intro = Escreva sua pergunta sobre um procedimento. A resposta vem da lista de procedimentos e das perguntas frequentes, com as páginas usadas. Quando não sabemos, indicamos a quem perguntar.
assistant-label = Pergunta
assistant-ask = Perguntar
assistant-sources = Páginas de procedimentos usadas
assistant-you-asked = Sua pergunta
assistant-privacy = As perguntas são guardadas sem nomes, números ou endereços, para melhorar as perguntas frequentes. Não escreva dados pessoais.
assistant-guide-link = Procurar por acontecimento (guia)
assistant-question-missing = Escreva uma pergunta.
