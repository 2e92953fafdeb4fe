<?php
// Essaim's workspace image (tenant-templates/images/workspace). Read after config.php and apps.config.php, so these
// values are the ones Nextcloud uses.
$CONFIG = [
	// The offer's apps are in the image (essaim-apps, read-only); custom_apps is the only writable apps path.
	// https://docs.nextcloud.com/server/latest/admin_manual/configuration_server/config_sample_php_parameters.html#apps-paths
	'apps_paths' => [
		['path' => '/var/www/html/apps', 'url' => '/apps', 'writable' => false],
		['path' => '/var/www/html/essaim-apps', 'url' => '/essaim-apps', 'writable' => false],
		['path' => '/var/www/html/custom_apps', 'url' => '/custom_apps', 'writable' => true],
	],
	// The data directory is a volume's root, group 33 mode 2775 after kubelet's fsGroup; the pod cannot chmod it and
	// runs nothing but uid 33.
	// https://docs.nextcloud.com/server/latest/admin_manual/configuration_server/config_sample_php_parameters.html#check-data-directory-permissions
	'check_data_directory_permissions' => false,
	// A space's pods cannot reach the app store.
	'appstoreenabled' => false,
];
