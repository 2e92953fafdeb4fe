# One space's events service. Starts from the image's own configuration (instance, database and mail, read from the
# MOBILIZON_* variables), then signs people in against the space's directory subtree with the space's read-only
# service account, sends its mail through the platform's relay, and keeps few database connections. Every setting
# cites its documentation in a "doc:" line just above (a test checks this).
import Config

# doc: https://docs.mobilizon.org/3.%20System%20administration/install/docker/
import_config "/etc/mobilizon/config.exs"

# The time zone database: the image's own tzdata release, never fetched from IANA (the pods have no egress to the
# internet). At boot tzdata copies its release into data_dir (the image's /var/lib/mobilizon/tzdata, an emptyDir in
# the pod, the root filesystem being read-only): keys data_dir and autoupdate of tzdata 1.1, Mobilizon's dependency.
# doc: https://hexdocs.pm/tzdata/readme.html#automatic-data-updates
config :tzdata, :autoupdate, :disabled

# The database: 2 connections in the pool (pool_size; Oban's jobs and the web requests share it) and unnamed
# prepared statements (prepare), so that a PgBouncer in transaction mode can stand in front of the tenant server.
# Oban's notifications go through Erlang's process groups instead of PostgreSQL's LISTEN, which holds a connection
# of its own and does not work through a transaction pooler (one replica, so one node).
# tenant-templates/README.md has the connection budget.
# doc: https://hexdocs.pm/ecto_sql/Ecto.Adapters.Postgres.html#module-connection-options
config :mobilizon, Mobilizon.Storage.Repo,
  pool_size: 2,
  prepare: :unnamed

# doc: https://hexdocs.pm/oban/Oban.Notifiers.PG.html
config :mobilizon, Oban, notifier: Oban.Notifiers.PG

# Mail (participations, password-less sign-in notices, notifications) through the platform's relay, which takes
# mail from the spaces' pods without credentials: keys relay, port, ssl (TLS from the first byte), tls (STARTTLS:
# always or never), auth (never) and sockopts (the TLS options of an ssl connection) of Swoosh's SMTP adapter; the
# image's tls_options (its CA bundle, the relay's name) stay for STARTTLS.
# doc: https://hexdocs.pm/swoosh/Swoosh.Adapters.SMTP.html
smtp_security = System.fetch_env!("ESSAIM_SMTP_SECURITY")
smtp_relay = System.fetch_env!("MOBILIZON_SMTP_SERVER")

# doc: https://docs.mobilizon.org/3.%20System%20administration/configure/email/
config :mobilizon, Mobilizon.Web.Email.Mailer,
  relay: smtp_relay,
  port: String.to_integer(System.fetch_env!("MOBILIZON_SMTP_PORT")),
  ssl: smtp_security == "tls",
  tls: if(smtp_security == "starttls", do: :always, else: :never),
  auth: :never,
  sockopts:
    if(smtp_security == "tls", do: :tls_certificate_check.options(smtp_relay), else: []),
  no_mx_lookups: true

# Sign-in through LDAP instead of Mobilizon's own passwords.
# doc: https://docs.mobilizon.org/3.%20System%20administration/configure/auth/#ldap
config :mobilizon, Mobilizon.Service.Auth.Authenticator, Mobilizon.Service.Auth.LDAPAuthenticator

# The directory (keys enabled, host, port, ssl, sslopts, tls, tlsopts, base, uid, require_bind_for_search, bind_uid, bind_password):
# Mobilizon finds the person by their email under base, then binds as uid=<their uid>,<base> with their password.
# The key group (only members of the space's members group may sign in) and the {:full, dn} form of bind_uid (bind
# with the service account's whole DN) are read by Mobilizon's LDAP authenticator:
# https://framagit.org/framasoft/mobilizon/-/blob/main/lib/service/auth/ldap_authenticator.ex
# The connection is plain, StartTLS (tls, with tlsopts) or LDAPS (ssl, with sslopts); either way the directory's
# certificate is verified against the platform's CA (the ConfigMap directory-ca) or, without one, the system's, and
# its name against the host (options of Erlang's ssl, which eldap passes on). sslopts stays empty unless LDAPS:
# eldap refuses to open a plain connection given TLS options ("connect failed", Erlang/OTP 25).
# doc: https://www.erlang.org/doc/apps/ssl/ssl.html#t:client_option/0
ldap_security = System.fetch_env!("ESSAIM_LDAP_SECURITY")
ldap_host = System.fetch_env!("ESSAIM_LDAP_HOST")

ldap_tls_options =
  [verify: :verify_peer, server_name_indication: to_charlist(ldap_host)] ++
    case System.get_env("ESSAIM_LDAP_CA_FILE", "") do
      "" -> if(ldap_security == "plain", do: [], else: [cacerts: :public_key.cacerts_get()])
      file -> [cacertfile: to_charlist(file)]
    end

# doc: https://docs.mobilizon.org/3.%20System%20administration/configure/auth/#ldap
config :mobilizon, :ldap,
  enabled: true,
  host: ldap_host,
  port: String.to_integer(System.fetch_env!("ESSAIM_LDAP_PORT")),
  ssl: ldap_security == "ldaps",
  sslopts: if(ldap_security == "ldaps", do: ldap_tls_options, else: []),
  tls: ldap_security == "starttls",
  tlsopts: if(ldap_security == "starttls", do: ldap_tls_options, else: []),
  base: System.fetch_env!("ESSAIM_LDAP_PEOPLE_BASE"),
  uid: "uid",
  group: System.fetch_env!("ESSAIM_LDAP_MEMBERS_GROUP"),
  require_bind_for_search: true,
  bind_uid: {:full, System.fetch_env!("ESSAIM_LDAP_BIND_DN")},
  bind_password: System.fetch_env!("ESSAIM_LDAP_BIND_PASSWORD")

# Single sign-on: Essaim is the space's OpenID Connect provider (issuer ESSAIM_SSO_ISSUER, the control plane's public
# address) and this events service its client ESSAIM_SSO_CLIENT_ID, whose secret comes from the space's sso-clients
# Secret. Mobilizon's OAuth login (its AuthController, routes /auth/:provider and /auth/:provider/callback) runs
# Ueberauth's strategies; of those Mobilizon 5.1 ships, the Keycloak one is plain OpenID Connect: the authorization code
# exchanged at token_url with the client's secret (HTTP Basic), then the person read from userinfo_url. Mobilizon finds
# the account by the email the provider vouches for, the directory's mail of the person in this space, which is also
# how its LDAP sign-in names accounts: whoever signs in either way lands in the same account, and only the space's
# people can (the provider gives this client nobody else's email). The strategy reads no discovery document, so the
# endpoints are the provider's, written out (control-plane README, single sign-on). The LDAP sign-in stays.
# doc: https://docs.mobilizon.org/3.%20System%20administration/configure/auth/#oauth
sso_issuer = System.fetch_env!("ESSAIM_SSO_ISSUER")

# doc: https://docs.mobilizon.org/3.%20System%20administration/configure/auth/#oauth
config :ueberauth, Ueberauth,
  providers: [
    keycloak: {Ueberauth.Strategy.Keycloak, [default_scope: "openid email profile", uid_field: :sub]}
  ]

# doc: https://github.com/Rukenshia/ueberauth_keycloak/blob/master/lib/ueberauth/strategy/keycloak/oauth.ex
config :ueberauth, Ueberauth.Strategy.Keycloak.OAuth,
  client_id: System.fetch_env!("ESSAIM_SSO_CLIENT_ID"),
  client_secret: System.fetch_env!("ESSAIM_SSO_CLIENT_SECRET"),
  site: sso_issuer,
  authorize_url: sso_issuer <> "/oauth2/authorize",
  token_url: sso_issuer <> "/oauth2/token",
  userinfo_url: sso_issuer <> "/userinfo",
  token_method: :post

# The button on Mobilizon's sign-in page.
# doc: https://docs.mobilizon.org/3.%20System%20administration/configure/auth/#oauth
config :mobilizon, :auth, oauth_consumer_strategies: [{:keycloak, "Essaim"}]
