<?php
/*
 * Keeps the forum's people in step with the space's directory, with phpBB's own API (includes/functions_user.php),
 * since phpBB's LDAP sign-in maps no group and never looks at a person again once signed in:
 *  - every person in the space's cn=admins (and not disabled) is a phpBB user (created here if they never signed in)
 *    in the ADMINISTRATORS group, so they reach the administration panel; whoever left cn=admins leaves that group;
 *  - every phpBB user who is no longer an active member (removed from cn=members, or disabled: ppolicy's
 *    pwdAccountLockedTime) is deactivated and their sessions and "remember me" keys are deleted, so their open
 *    session ends now rather than when it expires; a person enabled again is reactivated.
 * The founder made by the installer and phpBB's own accounts (guest, bots) are never touched.
 * It reads the directory with the board's own LDAP settings (ldap_server, ldap_port, ldap_user, ldap_password, set by
 * configure-forum.sh) and the two groups' DNs from the environment. Run by the configure Job after each configuration
 * and every few minutes by the forum pod's directory-sync container. Prints one line: what it changed.
 */

if (php_sapi_name() !== 'cli')
{
	exit(1);
}

define('IN_PHPBB', true);
$phpbb_root_path = '/var/www/phpbb/';
$phpEx = 'php';

// The same start as phpBB's bin/phpbbcli.php.
require($phpbb_root_path . 'includes/startup.' . $phpEx);
require($phpbb_root_path . 'phpbb/class_loader.' . $phpEx);
$phpbb_class_loader = new \phpbb\class_loader('phpbb\\', "{$phpbb_root_path}phpbb/", $phpEx);
$phpbb_class_loader->register();
$phpbb_config_php_file = new \phpbb\config_php_file($phpbb_root_path, $phpEx);
extract($phpbb_config_php_file->get_all());
if (!defined('PHPBB_INSTALLED'))
{
	fwrite(STDERR, "The board is not installed yet\n");
	exit(3);
}
if (!defined('PHPBB_ENVIRONMENT'))
{
	@define('PHPBB_ENVIRONMENT', 'production');
}
require($phpbb_root_path . 'includes/constants.' . $phpEx);
require($phpbb_root_path . 'includes/functions.' . $phpEx);
require($phpbb_root_path . 'includes/functions_admin.' . $phpEx);
require($phpbb_root_path . 'includes/utf/utf_tools.' . $phpEx);
require($phpbb_root_path . 'includes/functions_compatibility.' . $phpEx);
require($phpbb_root_path . 'includes/functions_user.' . $phpEx);
$phpbb_class_loader_ext = new \phpbb\class_loader('\\', "{$phpbb_root_path}ext/", $phpEx);
$phpbb_class_loader_ext->register();
$phpbb_container_builder = new \phpbb\di\container_builder($phpbb_root_path, $phpEx);
$phpbb_container = $phpbb_container_builder->with_config($phpbb_config_php_file)->get_container();
$phpbb_container->get('request')->enable_super_globals();
require($phpbb_root_path . 'includes/compatibility_globals.' . $phpEx);
register_compatibility_globals();
$config = $phpbb_container->get('config');
$user->data = array('user_id' => ANONYMOUS, 'username' => 'directory-sync', 'user_ip' => '', 'session_id' => '',
	'is_registered' => false, 'is_bot' => false, 'user_lang' => $config['default_lang']);
$user->ip = '';
$language = $phpbb_container->get('language');
$language->set_default_language($config['default_lang']);
$language->add_lang(array('common', 'acp/common'));

if ($config['auth_method'] !== 'ldap')
{
	fwrite(STDERR, "The board does not sign in against the directory yet\n");
	exit(3);
}

/** uid (lower case) => mail of the members of $group_dn who are not disabled, read with the board's account. */
function directory_members($ldap, $config, $group_dn)
{
	$filter = '(&(objectClass=inetOrgPerson)(memberOf=' . ldap_escape($group_dn, '', LDAP_ESCAPE_FILTER)
		. ')(!(pwdAccountLockedTime=*)))';
	$search = @ldap_search($ldap, $config['ldap_base_dn'], $filter, array('uid', 'mail', 'pwdAccountLockedTime'));
	if ($search === false)
	{
		throw new RuntimeException('The directory search for ' . $group_dn . ' failed: ' . ldap_error($ldap));
	}
	$people = array();
	foreach (ldap_get_entries($ldap, $search) as $i => $entry)
	{
		if ($i === 'count' || empty($entry['uid'][0]))
		{
			continue;
		}
		$people[utf8_clean_string($entry['uid'][0])] = array('uid' => $entry['uid'][0],
			'mail' => isset($entry['mail'][0]) ? $entry['mail'][0] : '');
	}
	return $people;
}

$admins_dn = getenv('LDAP_ADMINS_GROUP');
$members_dn = getenv('LDAP_MEMBERS_GROUP');
if (!$admins_dn || !$members_dn)
{
	fwrite(STDERR, "LDAP_ADMINS_GROUP and LDAP_MEMBERS_GROUP are needed\n");
	exit(2);
}

// The same connection as phpBB's own LDAP provider (phpbb/auth/provider/ldap.php).
$ldap = (int) $config['ldap_port'] ? @ldap_connect($config['ldap_server'], (int) $config['ldap_port'])
	: @ldap_connect($config['ldap_server']);
if (!$ldap)
{
	throw new RuntimeException('Cannot reach the directory at ' . $config['ldap_server']);
}
ldap_set_option($ldap, LDAP_OPT_PROTOCOL_VERSION, 3);
ldap_set_option($ldap, LDAP_OPT_REFERRALS, 0);
if (!@ldap_bind($ldap, $config['ldap_user'], html_entity_decode($config['ldap_password'], ENT_COMPAT)))
{
	throw new RuntimeException('The forum\'s directory account cannot bind: ' . ldap_error($ldap));
}
$members = directory_members($ldap, $config, $members_dn);
$admins = array_intersect_key(directory_members($ldap, $config, $admins_dn), $members);
ldap_unbind($ldap);

$groups = array();
$result = $db->sql_query('SELECT group_id, group_name FROM ' . GROUPS_TABLE . " WHERE group_type = " . GROUP_SPECIAL
	. " AND " . $db->sql_in_set('group_name', array('ADMINISTRATORS', 'REGISTERED')));
while ($row = $db->sql_fetchrow($result))
{
	$groups[$row['group_name']] = (int) $row['group_id'];
}
$db->sql_freeresult($result);

$changes = array();

// Space admins who never signed in: made now, so that they are administrators from their first sign-in.
$known = array();
$result = $db->sql_query('SELECT user_id, username_clean, user_type FROM ' . USERS_TABLE . ' WHERE '
	. $db->sql_in_set('user_type', array(USER_NORMAL, USER_INACTIVE)));
while ($row = $db->sql_fetchrow($result))
{
	$known[$row['username_clean']] = $row;
}
$db->sql_freeresult($result);
foreach ($admins as $clean => $person)
{
	if (!isset($known[$clean]))
	{
		$user_id = user_add(array(
			'username' => $person['uid'],
			'user_password' => '',
			'user_email' => $person['mail'],
			'group_id' => $groups['REGISTERED'],
			'user_type' => USER_NORMAL,
			'user_ip' => '',
			'user_new' => 0,
		));
		$known[$clean] = array('user_id' => $user_id, 'username_clean' => $clean, 'user_type' => USER_NORMAL);
		$changes[] = 'created ' . $person['uid'];
	}
}

// Who is in the ADMINISTRATORS group now (founders excepted: the installer's account stays as it is).
$in_admin_group = array();
$result = $db->sql_query('SELECT ug.user_id FROM ' . USER_GROUP_TABLE . ' ug JOIN ' . USERS_TABLE
	. ' u ON u.user_id = ug.user_id WHERE ug.group_id = ' . $groups['ADMINISTRATORS'] . ' AND u.user_type <> '
	. USER_FOUNDER);
while ($row = $db->sql_fetchrow($result))
{
	$in_admin_group[(int) $row['user_id']] = true;
}
$db->sql_freeresult($result);

$activate = $deactivate = $add_admin = $remove_admin = array();
foreach ($known as $clean => $row)
{
	$user_id = (int) $row['user_id'];
	$active = isset($members[$clean]);
	if ($active && (int) $row['user_type'] === USER_INACTIVE)
	{
		$activate[] = $user_id;
	}
	if (!$active && (int) $row['user_type'] === USER_NORMAL)
	{
		$deactivate[] = $user_id;
	}
	if (isset($admins[$clean]) && !isset($in_admin_group[$user_id]))
	{
		$add_admin[] = $user_id;
	}
	if (!isset($admins[$clean]) && isset($in_admin_group[$user_id]))
	{
		$remove_admin[] = $user_id;
	}
}

if ($activate)
{
	user_active_flip('activate', $activate);
	$changes[] = 'reactivated ' . count($activate);
}
if ($deactivate)
{
	user_active_flip('deactivate', $deactivate, INACTIVE_MANUAL);
	$changes[] = 'deactivated ' . count($deactivate);
}
if ($deactivate)
{
	// Their sessions and "remember me" keys go now: a disabled or removed person is signed out at once.
	$db->sql_query('DELETE FROM ' . SESSIONS_TABLE . ' WHERE ' . $db->sql_in_set('session_user_id', $deactivate));
	$db->sql_query('DELETE FROM ' . SESSIONS_KEYS_TABLE . ' WHERE ' . $db->sql_in_set('user_id', $deactivate));
}
if ($add_admin)
{
	$error = group_user_add($groups['ADMINISTRATORS'], $add_admin);
	if ($error)
	{
		throw new RuntimeException('Adding administrators failed: ' . $error);
	}
	$changes[] = 'made administrator ' . count($add_admin);
}
if ($remove_admin)
{
	$error = group_user_del($groups['ADMINISTRATORS'], $remove_admin);
	if ($error)
	{
		throw new RuntimeException('Removing administrators failed: ' . $error);
	}
	$db->sql_query('DELETE FROM ' . SESSIONS_TABLE . ' WHERE ' . $db->sql_in_set('session_user_id', $remove_admin)
		. ' AND session_admin = 1');
	$changes[] = 'no longer administrator ' . count($remove_admin);
}

echo 'Directory sync: ' . count($members) . ' members, ' . count($admins) . ' admins; '
	. ($changes ? implode(', ', $changes) : 'nothing to change') . PHP_EOL;
