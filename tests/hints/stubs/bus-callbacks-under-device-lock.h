/* names bus-callbacks-under-device-lock.c uses and does not declare */
#include <stdio.h>
#include <sys/types.h>
struct attribute { const char *name; };
struct device_driver;
int driver_register(struct device_driver *drv);
