# Push-type information: subscribing to the city's news, confirming,
# changing and unsubscribing (crates/notify), and its mails.

notify-title = Receber avisos da cidade
notify-intro = Enviamos por e-mail os avisos da cidade sobre os temas e as regiões que você escolher. A inscrição começa quando você abre o link do e-mail de confirmação; todo e-mail tem um link para cancelar com um clique.
notify-email = Endereço de e-mail
notify-topics = Temas (um ou mais)
notify-wards = Distritos (nenhum: a cidade inteira)
notify-lang = Idioma dos e-mails
notify-submit = Enviar o e-mail de confirmação
notify-no-topic = Escolha pelo menos um tema.
notify-stale = As opções mudaram. Abra a página de novo e escolha.
notify-sent-title = Verifique seu e-mail
notify-sent = Enviamos um e-mail de confirmação para { $email }. Abra o link para começar a inscrição (válido por 24 horas). Se não chegar, veja a pasta de spam.
notify-confirm-title = Confirme sua inscrição
notify-confirm-intro = Você está se inscrevendo com estas escolhas. Clique em “Inscrever-se” para confirmar.
notify-confirm-button = Inscrever-se
notify-link-dead-title = Este link não pode ser usado
notify-link-dead = O link expirou ou já foi usado. Inscreva-se de novo.
notify-done-title = Inscrição feita
notify-done = Você receberá avisos dos temas escolhidos. Altere ou cancele quando quiser pelo link abaixo ou pelo link de cada e-mail.
notify-manage-title = Sua inscrição
notify-manage-for = Enviado para: { $address }
notify-save = Salvar alterações
notify-saved = Alterações salvas.
notify-unsubscribe-button = Cancelar inscrição
notify-unsubscribe-title = Cancelar inscrição
notify-unsubscribe-intro = Clique no botão para parar os e-mails para { $address }.
notify-unsubscribed-title = Inscrição cancelada
notify-unsubscribed = Você não receberá mais e-mails de avisos. Para recebê-los de novo, inscreva-se outra vez.
notify-sign-up-again = Inscrever-se de novo
notify-whole-city = A cidade inteira
notify-chosen-topics = Temas
notify-chosen-wards = Distritos
notify-privacy = Seu endereço é usado só para enviar os avisos da cidade, e deixa de ser usado quando você cancela.
notify-link = Receber avisos da cidade por e-mail
mail-notify-confirm-subject = [Cidade de Nagoya] Confirme sua inscrição
mail-notify-confirm-body =
    Recebemos um pedido para enviar os avisos da cidade a este endereço. Abra o link abaixo para confirmar (válido por 24 horas).

    Se não foi você, ignore este e-mail: nada será enviado.
mail-notify-welcome-subject = [Cidade de Nagoya] Inscrição feita
mail-notify-welcome-body =
    Sua inscrição nos avisos da cidade começou.
    Temas: { $topics }
    Distritos: { $wards }

    Altere ou cancele quando quiser pelo link abaixo.
mail-notify-announcement-footer = Alterar ou cancelar estes e-mails:
mail-notify-announcement-prefix = [Cidade de Nagoya]{" "}
