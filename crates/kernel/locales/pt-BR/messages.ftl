# Erros e avisos mostrados aos moradores (português do Brasil)

## Erros comuns
error-invalid-request = Há erros nos dados informados.
error-page-expired = A validade desta página expirou. Tente novamente.
error-request-too-large = O conteúdo enviado é grande demais.
error-busy = O serviço está ocupado. Aguarde um momento e envie novamente.
error-internal = Ocorreu um problema no servidor. Aguarde um pouco e tente novamente.
error-page-not-found = Página não encontrada.
error-title = Erro
error-too-many-attempts = Houve tentativas demais em pouco tempo. Aguarde { $minutes ->
    [one] cerca de 1 minuto
   *[other] cerca de { $minutes } minutos
} e tente novamente.

## pages
pages-staff-sign = Acesso dos servidores
pages-sign = Entrar
pages-e-mail-address-verified = Endereço de e-mail confirmado
pages-e-mail-address-not = Endereço de e-mail não confirmado
pages-my-page = Minha página
pages-staff-page = Página dos servidores
pages-form-could-not-read = Não foi possível ler os dados informados.
pages-enter-e-mail-address = Informe o endereço de e-mail.
pages-enter-password = Informe a senha.
pages-e-mail-address-password = O endereço de e-mail ou a senha estão incorretos.
pages-e-mail-address-has = Seu endereço de e-mail ainda não foi confirmado. Abra o link do e-mail que enviamos no cadastro (se o e-mail não chegou, você pode pedir o reenvio em “Criar uma conta”).

## registration
registration-check-mail = Enviamos um e-mail de confirmação
registration-create-account = Criar uma conta
registration-account-ready = Cadastro concluído
registration-address-confirmed-sign-apply = Seu endereço de e-mail foi confirmado. Entre para fazer solicitações.
registration-sign = Entrar
registration-link-cannot-used = Este link não pode ser usado
registration-link-has-expired-after = O link expirou (validade de 24 horas) ou já foi usado. Peça o reenvio do e-mail de confirmação.
registration-enter-valid-e-mail = Informe um endereço de e-mail válido.
registration-enter-valid-e-mail-2 = Informe um endereço de e-mail válido (ex.: nagoya@example.jp).
registration-choose-password = Escolha a senha que usará para entrar. Ao defini-la, a confirmação do seu e-mail e o cadastro são concluídos.

## password-reset
password-reset-forgot-password = Esqueceu a senha?
password-reset-set-new-password = Definir nova senha
password-reset-new-password-set = Sua senha foi definida
password-reset-link-has-expired-was = Este link expirou ou já foi usado. Tente novamente a partir de “Esqueceu a senha?”.

## password-change
password-change-change-password = Alterar a senha
password-change-current-password-not-correct = A senha atual está incorreta.

## apply
apply-continue = Conferir os dados
apply-can-go-from-draft = Você pode continuar a partir do rascunho salvo
apply-application-has-been-received = Sua solicitação foi recebida
apply-draft-kept-can-go = O rascunho foi salvo. Você pode continuar a qualquer momento em Minha página.
apply-check-answers = Conferência dos dados
apply-application-has-already-been = Esta solicitação já foi enviada.

## attachments
attachments-form-could-not-read = Não foi possível ler os dados enviados. Preencha novamente.
attachments-no-such-attachment = O arquivo anexado não foi encontrado.

## my-page
my-page-my-applications = Minhas solicitações
my-page-receipt = Número de recebimento
my-page-correction = Correção
my-page-send-corrected-application = Reenviar com estas correções

## api
api-idempotency-key-must-ascii = O Idempotency-Key deve conter apenas caracteres ASCII.
api-comment-must-at-most = O comentário deve ter no máximo 2000 caracteres.
api-request-body-cannot-read = Não foi possível ler os dados enviados.
api-idempotency-key-was-used = Este Idempotency-Key já foi usado em uma solicitação com conteúdo diferente.

## validate
validate-send-answers-as-json = Envie as respostas como um objeto JSON de pares nome do campo e valor.


## form
form-form-has-no-field = Este formulário não tem o campo “{ $key }”.
form-enter-at-least = O número mínimo de itens em “{ $label }” é { $min }.
form-text = O campo “{ $label }” deve ser preenchido com texto.
form-at-most-characters = O campo “{ $label }” deve ter no máximo { $max } caracteres.
form-at-least-characters = O campo “{ $label }” deve ter no mínimo { $min } caracteres.
form-contains-characters-that-cannot = O campo “{ $label }” contém caracteres que não podem ser usados.
form-not-expected-format = O formato do campo “{ $label }” está incorreto.
form-number = O campo “{ $label }” deve ser preenchido com números.
form-whole-number = O campo “{ $label }” deve ser um número inteiro.
form-at-least = O campo “{ $label }” deve ser { $min } ou mais.
form-at-most = O campo “{ $label }” deve ser { $max } ou menos.
form-date-such-as-2023 = Informe o campo “{ $label }” como data, por exemplo 2023-04-01 (ou 「令和5年4月1日」, no calendário japonês).
form-after = O campo “{ $label }” deve ser uma data igual ou posterior a { $date }.
form-before = O campo “{ $label }” deve ser uma data igual ou anterior a { $date }.
form-choose-from-list = Escolha uma das opções em “{ $label }”.
form-true-false = O valor do campo “{ $label }” está incorreto.
form-not-valid-e-mail = O formato do campo “{ $label }” está incorreto (ex.: taro@example.jp).
form-10-11-digit-number = O campo “{ $label }” deve ser um número de 10 ou 11 dígitos começando com 0.
form-7-digits-e-g = O campo “{ $label }” deve ter 7 dígitos (ex.: 460-8508).
form-list = O formato do campo “{ $label }” está incorreto.
form-takes-between-entries = O campo “{ $label }” deve ter de { $min } a { $max } itens.
form-entry-malformed = O item nº { $n } do campo “{ $label }” está em formato incorreto.
form-malformed = O formato do campo “{ $label }” está incorreto.
form-enter = Preencha “{ $part }” em “{ $label }”.
form-at-most-characters-2 = “{ $part }” em “{ $label }” deve ter no máximo { $max } caracteres.
form-write-katakana = Escreva “{ $part }” em “{ $label }” em katakana.
form-up-digits = “{ $name }” deve ter até { $max } dígitos, somente números.
form-exact-digits = “{ $name }” deve ter exatamente { $max } dígitos, somente números.
form-write-account-holder-katakana = Escreva o titular da conta em katakana, exatamente como consta na caderneta bancária (通帳). Caracteres não permitidos: { $bad }
form-file-missing-attach-again = O arquivo anexado em “{ $label }” não foi encontrado. Anexe-o novamente.
form-one = Anexe “{ $label }” em um destes formatos: { $value }.
form-file-too-large-up = O arquivo de “{ $label }” é grande demais (máximo de { $mb } MB).
form-required = Preencha o campo “{ $label }”.
form-choose = Selecione uma opção em “{ $label }”.
form-attach = Anexe o arquivo de “{ $label }”.
form-choose-account-type = Escolha o tipo de conta: 普通 (comum), 当座 (corrente) ou 貯蓄 (poupança).
form-enter-account-holder = Informe o titular da conta (em katakana).

## search and accounts
search-whole-number = { $name } deve ser um número inteiro de 1 a { $max }.
search-words-too-long = As palavras de busca devem ter no máximo { $max } caracteres.
search-no-category = A categoria “{ $value }” não existe (use childcare, nursing_care, high_impact ou other).
search-no-bureau = O órgão responsável (局) “{ $value }” não existe.
search-unreadable-query = Não foi possível ler os critérios de busca.
procedure-not-found = O procedimento “{ $id }” não foi encontrado.
password-too-short = A senha deve ter no mínimo { $min } caracteres.
password-too-long = A senha deve ter no máximo { $max } caracteres.

## uploads and applications
upload-empty = O arquivo escolhido está vazio.
upload-unknown-type = Este tipo de arquivo não pode ser anexado (use PDF, JPEG, PNG, HEIC, GIF ou WebP).
upload-too-large = O arquivo é grande demais (máximo de { $mb } MB).
upload-quota-reached = Você atingiu o limite de envio de arquivos. Tente novamente em cerca de { $minutes } minutos.
upload-not-stored = Não foi possível salvar o arquivo. Aguarde um pouco e tente novamente.
upload-request-too-large = Os dados enviados são grandes demais (os anexos podem ter no máximo { $mb } MB no total).
apply-not-online = O procedimento “{ $id }” não pode ser solicitado online.
my-page-no-application = A solicitação com número de recebimento “{ $receipt }” não foi encontrada.

## names of the parts of a field, used inside messages
part-family-name = sobrenome
part-given-name = nome
part-family-name-kana = sobrenome em katakana
part-given-name-kana = nome em katakana
part-bank-code = código do banco
part-branch-code = código da agência
part-account-number = número da conta

## registration
registration-mail-sent = Enviamos um e-mail para { $email }. Abra o link nele para concluir o cadastro (válido por 24 horas).

# forms: filling a form
form-write-katakana-or-latin = Escreva “{ $part }” em “{ $label }” em katakana ou letras latinas.
form-unknown-bank = Não há banco com o código { $code }. Procure pelo nome e escolha.
form-unknown-branch = Este banco não tem agência com o código { $code }. Procure pelo nome e escolha.

# identity: the profile that fills forms
profile-bad-birth-date = Digite a data de nascimento como 1988-05-12.
profile-bad-postal-code = Digite o código postal com 7 dígitos.
profile-bad-address = O endereço deve ter até { $max } caracteres, sem caracteres de controle.
profile-bad-phone = Digite o telefone com 10 ou 11 dígitos começando com 0.
