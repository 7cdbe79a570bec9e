# E-mails aos moradores (português do Brasil). O assunto tem uma linha; o corpo pode ter várias.

mail-footer = Este e-mail é apenas para envio e não recebe respostas. Em caso de dúvidas, entre em contato com o setor responsável.
mail-from-section = Mensagem do setor responsável:
mail-japanese-original = Abaixo está o texto original em japonês.

mail-received-subject = [Cidade de Nagoya] Solicitação recebida ({ $receipt })
mail-received-body =
    Recebemos sua solicitação de “{ $title }”.
    Número de recebimento (受付番号): { $receipt }
    Ao entrar em contato conosco, informe o número de recebimento.

mail-correction-subject = [Cidade de Nagoya] Pedido de correção ({ $receipt })
mail-correction-body = Sobre a solicitação com número de recebimento { $receipt }: pedimos que você corrija os dados da solicitação (補正). Corrija-os em Minha página e envie a solicitação novamente.

mail-approved-subject = [Cidade de Nagoya] Análise concluída: aprovada ({ $receipt })
mail-approved-body = Sobre a solicitação com número de recebimento { $receipt }: sua solicitação foi aprovada.

mail-rejected-subject = [Cidade de Nagoya] Análise concluída: não aprovada ({ $receipt })
mail-rejected-body = Sobre a solicitação com número de recebimento { $receipt }: sua solicitação não foi aprovada. O motivo está indicado abaixo.

mail-notice-issued-subject = [Cidade de Nagoya] Notificação emitida ({ $receipt })
mail-notice-issued-body = Sobre a solicitação com número de recebimento { $receipt }: o documento de notificação (通知書) foi emitido.

mail-message-subject = [Cidade de Nagoya] Mensagem sobre sua solicitação ({ $receipt })
mail-message-body = Sobre a solicitação com número de recebimento { $receipt }: o setor responsável enviou uma mensagem.

mail-check-address-subject = [Cidade de Nagoya] Confirmação do endereço de e-mail
mail-check-address-body =
    Recebemos o pedido de cadastro de uma conta para as solicitações online da Cidade de Nagoya.
    Abra o link abaixo para concluir o cadastro (válido por 24 horas).
    Se você não fez este pedido, desconsidere este e-mail.

mail-already-registered-subject = [Cidade de Nagoya] Esta conta já está cadastrada
mail-already-registered-body =
    Foi solicitada a criação de uma conta com este endereço de e-mail, mas ele já está cadastrado. Entre com sua conta para usar o serviço.
    Se você não fez este pedido, desconsidere este e-mail.

mail-reset-password-subject = [Cidade de Nagoya] Redefinição de senha
mail-reset-password-body =
    Defina uma nova senha pelo link abaixo (válido por 1 hora).
    Se você não fez este pedido, desconsidere este e-mail. Sua senha não será alterada.

mail-received-check-code =
    Código de verificação: { $code }
    Com o número de recebimento e o código de verificação, você pode ver a situação do seu pedido a qualquer momento, sem conta.
mail-correction-guest-body = Sobre a solicitação com número de recebimento { $receipt }: pedimos que você corrija os dados da solicitação (補正). Abra a página de situação pelo link abaixo, informe o número de recebimento e o código de verificação (estão no e-mail de recebimento), corrija os dados e envie novamente.
