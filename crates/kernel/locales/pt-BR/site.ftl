# The pages every public service has: privacy, terms, accessibility, contact, sitemap.
# Cada linha é um parágrafo; linhas que começam com "- " formam uma lista; [palavras](/caminho) é um link dentro do site.

## footer and common
site-footer-nav = Sobre este site
site-contents = Índice

## privacy policy
site-privacy-title = Política de privacidade
site-privacy-lead =
    A Prefeitura de Nagoya (“a Prefeitura”) trata de forma adequada, conforme descrito abaixo, as informações pessoais que recebe pelo balcão on-line de procedimentos administrativos (“o Serviço”), de acordo com a Lei de Proteção de Informações Pessoais (Lei nº 57 de 2003, “a Lei”) e o Decreto Municipal de Nagoya para a Aplicação da Lei de Proteção de Informações Pessoais.
site-privacy-collected-h = 1. O que coletamos
site-privacy-collected =
    O Serviço coleta as seguintes informações pessoais.
    - Sua conta: nome, endereço de e-mail, senha (guardada apenas de uma forma que não permite recuperá-la) e, se você registrar uma chave de acesso (passkey), a chave pública dela.
    - Suas solicitações e anexos: o que você preenche na solicitação (como endereço, data de nascimento e contato) e os documentos que você envia.
    - Pagamentos de taxas: valor, forma de pagamento, data e hora e o número da transação da empresa de pagamento. O número do cartão é digitado na página da empresa de pagamento; a Prefeitura nunca o recebe.
    - Registros de uso: o endereço IP de onde você se conecta, datas e horários, as páginas que você abre, entradas bem-sucedidas e malsucedidas na conta e os registros de servidores que abriram uma solicitação.
    - E-mail: o endereço e o texto das mensagens que o Serviço envia a você.
site-privacy-purposes-h = 2. Para que usamos
site-privacy-purposes =
    Usamos as informações pessoais somente na medida necessária para:
    - receber, analisar, decidir e notificar os procedimentos que você solicita;
    - entrar em contato com você e confirmar a sua identidade;
    - cobrar e devolver taxas;
    - evitar o uso indevido e operar o Serviço com segurança;
    - produzir estatísticas que não identificam ninguém (como o avanço dos procedimentos on-line).
    Salvo quando a lei permite, não usamos nem fornecemos informações pessoais para outros fins (artigo 69 da Lei).
site-privacy-kept-h = 3. Por quanto tempo guardamos
site-privacy-kept =
    Guardamos as informações pessoais pelos prazos abaixo e as apagamos quando eles terminam.
    - Solicitações e anexos: o prazo de guarda definido para cada procedimento ({ $years } anos para os que não definem prazo), contado a partir de 1º de abril do ano fiscal seguinte àquele em que o caso terminou. Ao fim do prazo, as respostas, os anexos e as anotações internas dos servidores são apagados; fica apenas o que as estatísticas precisam (número de recebimento, procedimento, datas).
    - Solicitações salvas pela metade (rascunhos): { $draft_days } dias depois de salvas pela última vez.
    - Arquivos enviados e não usados em nenhuma solicitação: { $upload_days } dias depois do envio.
    - E-mails enviados a você: { $mail_days } dias depois do envio.
    - Tentativas de entrada malsucedidas: { $failure_days } dia.
    - Sessão iniciada: termina { $resident_hours } horas depois da entrada ({ $staff_hours } horas para servidores).
    - Sua conta: até você pedir que seja apagada. O Serviço ainda não permite apagar a conta por conta própria; faça o pedido no [contato](/contact).
    - Pagamentos de taxas: guardados como registros contábeis. O Serviço ainda não define uma data para apagá-los.
    - Registros de servidores que abriram solicitações e de alterações em solicitações (registros de auditoria): guardados sem prazo, para que o uso indevido possa ser investigado.
    - Registros de funcionamento do servidor (endereço IP, data e hora, página): guardados conforme as regras da Prefeitura para os sistemas que opera.
site-privacy-who-h = 4. Quem pode ver
site-privacy-who =
    - Os servidores da seção responsável por um procedimento, apenas para as solicitações desse procedimento. Servidores de outras seções não podem vê-las.
    - Os servidores da Divisão de Promoção da Transformação Digital (Secretaria de Assuntos Gerais), na medida necessária para operar o Serviço e produzir estatísticas.
    - As empresas contratadas pela Prefeitura para operar e manter o Serviço, obrigadas por contrato a medidas de segurança e sigilo (artigo 66, parágrafo 2, da Lei).
    - As empresas de pagamento, que recebem o valor e o número da transação quando você paga uma taxa.
    Salvo quando a lei permite, não fornecemos informações pessoais a terceiros sem o seu consentimento.
site-privacy-basis-h = 5. Base legal
site-privacy-basis =
    A Prefeitura trata informações pessoais de acordo com a Lei de Proteção de Informações Pessoais e o Decreto Municipal de Nagoya para a Aplicação da Lei de Proteção de Informações Pessoais. A base legal para coletar as informações é definida para cada procedimento por lei, decreto ou regulamento e aparece em “Base legal” na página do procedimento.
site-privacy-security-h = 6. Como protegemos
site-privacy-security =
    - As conexões são criptografadas.
    - As respostas das solicitações e os anexos são guardados criptografados.
    - Os servidores entram com verificação em duas etapas, e toda vez que um servidor abre uma solicitação isso fica registrado.
    - Os servidores só podem ver as solicitações da própria seção.
site-privacy-cookies-h = 7. Cookies
site-privacy-cookies =
    O Serviço usa apenas estes dois cookies. Não usa cookies de publicidade nem de análise de navegação.
    - Um cookie que mantém você conectado: deixa de valer quando você sai ou { $resident_hours } horas depois da entrada.
    - Um cookie que impede outros sites de enviar formulários em seu nome: vale por um ano e não contém nada que identifique você.
site-privacy-requests-h = 8. Pedidos de acesso, correção ou suspensão do uso
site-privacy-requests =
    Conforme a Lei, você pode pedir à Prefeitura acesso (artigo 76), correção (artigo 90) ou suspensão do uso (artigo 98) das informações pessoais que ela tem sobre você.
    Você pode ver a situação e o conteúdo das suas solicitações a qualquer momento em [Minha página](/my). Para fazer um pedido, pergunte no [contato](/contact) como proceder.
site-privacy-changes-h = 9. Alterações desta política
site-privacy-changes =
    Esta política pode mudar quando as leis ou o Serviço mudarem. Qualquer alteração será anunciada nesta página.

## terms of use
site-terms-title = Termos de uso
site-terms-lead =
    Estes termos regem o uso do balcão on-line de procedimentos administrativos (“o Serviço”) oferecido pela Prefeitura de Nagoya (“a Prefeitura”).
site-terms-scope-h = Artigo 1. Aplicação
site-terms-scope =
    Estes termos se aplicam a todas as pessoas que usam o Serviço (“usuários”). Ao usar o Serviço, você concorda com eles.
    Quando uma lei, decreto ou regulamento dispõe de outra forma sobre um procedimento, prevalece essa disposição.
site-terms-service-h = Artigo 2. O que o Serviço oferece
site-terms-service =
    Com o Serviço você pode:
    - encontrar os procedimentos da Prefeitura e saber o que envolvem, quais documentos pedem e qual seção os atende;
    - fazer solicitações on-line e acompanhá-las;
    - pagar taxas e receber notificações;
    - ver o avanço dos procedimentos on-line da Prefeitura e os dados correspondentes.
site-terms-account-h = Artigo 3. Contas
site-terms-account =
    - Crie a sua conta com informações corretas.
    - Guarde a sua senha com segurança e não deixe ninguém usá-la.
    - Se a sua conta puder ter sido usada indevidamente, troque a senha imediatamente e avise a Prefeitura.
site-terms-applying-h = Artigo 4. Solicitações
site-terms-applying =
    - Faça solicitações apenas para você ou para quem você tem autorização de representar, e somente com informações verdadeiras.
    - A solicitação chega à Prefeitura quando o número de recebimento é exibido.
    - Receber uma solicitação não garante autorização nem decisão. As solicitações são analisadas segundo as leis e regras de cada procedimento.
    - A Prefeitura pode entrar em contato com você ou pedir documentos para conferir uma solicitação.
site-terms-forbidden-h = Artigo 5. O que é proibido
site-terms-forbidden =
    Os usuários não devem:
    - fazer solicitações falsas ou em nome de outra pessoa;
    - digitar ou tentar ver informações pessoais de outra pessoa sem o consentimento dela;
    - acessar o Serviço sem autorização, sobrecarregá-lo ou atrapalhar o seu funcionamento;
    - agir contra a lei, a ordem pública ou os bons costumes.
site-terms-interruptions-h = Artigo 6. Interrupções
site-terms-interruptions =
    A Prefeitura pode interromper todo o Serviço ou parte dele para manutenção, falhas, desastres ou outros motivos inevitáveis. Sempre que possível, as interrupções serão anunciadas antes neste site.
    Se o Serviço não estiver disponível para um procedimento com prazo, vá ao balcão da seção responsável ou faça a solicitação pelo correio.
site-terms-liability-h = Artigo 7. Responsabilidade
site-terms-liability =
    A Prefeitura não se responsabiliza por danos aos usuários causados por motivos pelos quais não responde, como falhas nas linhas de comunicação ou nos aparelhos dos próprios usuários.
site-terms-content-h = Artigo 8. Uso do conteúdo
site-terms-content =
    Os direitos autorais dos textos deste site pertencem à Prefeitura. Os dados publicados como dados abertos podem ser usados livremente nas condições indicadas na página deles.
site-terms-changes-h = Artigo 9. Alterações e lei aplicável
site-terms-changes =
    A Prefeitura pode alterar estes termos quando necessário. Qualquer alteração será anunciada nesta página.
    Estes termos são regidos pelas leis do Japão, e o Tribunal Distrital de Nagoya é o foro de primeira instância para qualquer disputa sobre o Serviço.

## accessibility statement
site-a11y-title = Declaração de acessibilidade
site-a11y-lead =
    A Prefeitura de Nagoya trabalha para que todas as pessoas possam usar o Serviço, incluindo idosos, pessoas com deficiência e pessoas cuja primeira língua não é o japonês.
site-a11y-policy-h = Política
site-a11y-policy =
    O Serviço é projetado e testado segundo a Norma Industrial Japonesa JIS X 8341-3:2016, “Diretrizes para idosos e pessoas com deficiência — Equipamentos, software e serviços de informação e comunicação — Parte 3: Conteúdo web”.
site-a11y-target-h = Nível de conformidade almejado
site-a11y-target =
    O objetivo é a conformidade com o nível AA da JIS X 8341-3:2016 (que inclui os critérios de sucesso dos níveis A e AA das WCAG 2.1).
site-a11y-scope-h = Abrangência
site-a11y-scope =
    Todas as páginas do Serviço para moradores (busca e informações sobre procedimentos, solicitações, Minha página, avanço on-line, dados abertos e as páginas comuns a todo site, incluindo esta) e as páginas de entrada dos servidores.
    Todos os oito idiomas: japonês, japonês simples, inglês, chinês, coreano, português, vietnamita e tagalo.
site-a11y-method-h = Como testamos
site-a11y-method =
    - Cada tipo de página é testado automaticamente com o axe-core em um navegador real (Chromium), segundo os critérios dos níveis A e AA das WCAG 2.1.
    - Cada página é testada nos oito idiomas, na largura de um celular (320 pixels) e na de um computador.
    - Outro teste confirma que é possível fazer uma solicitação do começo ao fim só com o teclado.
    - O que os testes automáticos não conseguem verificar (se os textos alternativos são adequados, a ordem de leitura etc.) está sendo revisado por pessoas.
site-a11y-results-h = Resultados
site-a11y-results =
    Os resultados automáticos mais recentes, por tipo de página. “Violações” soma as violações encontradas em todos os idiomas e larguras.
site-a11y-results-caption = Ferramenta: { $tool }. Data do teste: { $date }. Idiomas: { $languages }. Larguras: { $viewports }.
site-a11y-results-table = Resultados dos testes automáticos por tipo de página
site-a11y-page-type = Tipo de página
site-a11y-test-date = Data do teste
site-a11y-checks = Verificações
site-a11y-violations = Violações
site-a11y-known-h = Avise-nos sobre problemas
site-a11y-known =
    Se algo no Serviço for difícil de usar ou de ler, avise-nos pelo [contato](/contact).

## contact
site-contact-title = Contato
site-contact-lead =
    Entre em contato com o setor adequado à sua dúvida.
site-contact-procedures-h = Sobre um procedimento
site-contact-procedures =
    Para saber o que um procedimento envolve, quais documentos pede ou como está a sua solicitação, pergunte à seção que o atende. Abra a página do procedimento pela [lista de procedimentos](/procedures): a seção aparece em “Responsável”.
    Depois de fazer a solicitação, informe o número de recebimento. Você o encontra na lista de solicitações em [Minha página](/my).
site-contact-general-h = Sobre o uso do Serviço
site-contact-general =
    Se você não consegue entrar ou não sabe como usar uma página, entre em contato com:
site-contact-name-label = Setor
site-contact-name = Divisão de Promoção da Transformação Digital, Secretaria de Assuntos Gerais, Prefeitura de Nagoya
site-contact-phone-label = Telefone
site-contact-hours-label = Horário
site-contact-hours = Dias úteis, das 8h45 às 17h15 (fechado aos sábados, domingos, feriados nacionais e no período de Ano-Novo)
site-contact-demo-note = Este telefone e este horário são valores de demonstração; o número não funciona. Uma instalação real mostra o contato definido pela prefeitura.
site-contact-personal-h = Sobre informações pessoais
site-contact-personal =
    Para pedir acesso, correção ou suspensão do uso das suas informações pessoais, leia a [política de privacidade](/privacy) e entre em contato com o setor acima.

## sitemap
site-sitemap-title = Mapa do site
site-sitemap-lead =
    As páginas do Serviço.
site-sitemap-procedures = Procedimentos
site-sitemap-all-procedures = Todos os procedimentos
site-sitemap-progress = Digitalização
site-sitemap-account = Sua conta
site-sitemap-about = Sobre este site
site-sitemap-xml = Mapa do site para buscadores (XML)

## progress page: plan and actual
progress-plan = Plano
progress-actual = Realizado
progress-series = Plano / realizado
progress-plan-actual-intro = “Plano” conta cada procedimento a partir do ano fiscal em que o plano previu colocá-lo on-line; “realizado” conta a partir do ano fiscal em que de fato passou a ser possível solicitá-lo on-line.
progress-actual-so-far = Os números realizados de { $year } são de um ano ainda em andamento (até { $date }).
progress-actual-not-yet = ainda não
progress-change-plan = Variação em relação ao ano anterior (plano)
progress-change-actual = Variação em relação ao ano anterior (realizado)
progress-chart-overall-procedures = Avanço geral (indicador ② procedimentos, plano e realizado)
progress-chart-overall-cases = Avanço geral (indicador ① casos por ano, plano e realizado)
progress-chart-categories-year = Avanço por categoria (indicador ② procedimentos, fim de { $year }, plano e realizado)
progress-chart-bureaus-both = Avanço por departamento (indicador ① casos por ano, fim de { $year }, plano e realizado, do maior realizado ao menor)
