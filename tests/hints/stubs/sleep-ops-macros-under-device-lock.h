/* the pm.h table macros sleep-ops-macros-under-device-lock.c uses, expanded */
#define SET_SYSTEM_SLEEP_PM_OPS(s, r) \
	.suspend = (s), .resume = (r), .freeze = (s), .thaw = (r), .poweroff = (s), .restore = (r),
#define SET_NOIRQ_SYSTEM_SLEEP_PM_OPS(s, r) \
	.suspend_noirq = (s), .resume_noirq = (r),
#define SET_RUNTIME_PM_OPS(s, r, i) \
	.runtime_suspend = (s), .runtime_resume = (r), .runtime_idle = (i),
#define DEFINE_SIMPLE_DEV_PM_OPS(name, s, r) \
	const struct dev_pm_ops name = { SET_SYSTEM_SLEEP_PM_OPS(s, r) }
#define UNIVERSAL_DEV_PM_OPS(name, s, r, i) \
	const struct dev_pm_ops name = { SET_SYSTEM_SLEEP_PM_OPS(s, r) SET_RUNTIME_PM_OPS(s, r, i) }
