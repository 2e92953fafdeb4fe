# One space's events service. Starts from the image's own configuration (instance, database and mail, read from the
# MOBILIZON_* variables), then signs people in against the space's directory subtree with the space's read-only
# service account. Every setting cites its documentation in a "doc:" line just above (a test checks this).
import Config

# doc: https://docs.mobilizon.org/3.%20System%20administration/install/docker/
import_config "/etc/mobilizon/config.exs"

# Sign-in through LDAP instead of Mobilizon's own passwords.
# doc: https://docs.mobilizon.org/3.%20System%20administration/configure/auth/#ldap
config :mobilizon, Mobilizon.Service.Auth.Authenticator, Mobilizon.Service.Auth.LDAPAuthenticator

# The directory (keys enabled, host, port, ssl, tls, base, uid, require_bind_for_search, bind_uid, bind_password):
# Mobilizon finds the person by their email under base, then binds as uid=<their uid>,<base> with their password.
# The key group (only members of the space's members group may sign in) and the {:full, dn} form of bind_uid (bind
# with the service account's whole DN) are read by Mobilizon's LDAP authenticator:
# https://framagit.org/framasoft/mobilizon/-/blob/main/lib/service/auth/ldap_authenticator.ex
# doc: https://docs.mobilizon.org/3.%20System%20administration/configure/auth/#ldap
config :mobilizon, :ldap,
  enabled: true,
  host: System.fetch_env!("ESSAIM_LDAP_HOST"),
  port: String.to_integer(System.fetch_env!("ESSAIM_LDAP_PORT")),
  ssl: false,
  tls: false,
  base: System.fetch_env!("ESSAIM_LDAP_PEOPLE_BASE"),
  uid: "uid",
  group: System.fetch_env!("ESSAIM_LDAP_MEMBERS_GROUP"),
  require_bind_for_search: true,
  bind_uid: {:full, System.fetch_env!("ESSAIM_LDAP_BIND_DN")},
  bind_password: System.fetch_env!("ESSAIM_LDAP_BIND_PASSWORD")
