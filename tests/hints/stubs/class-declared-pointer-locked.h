/* names class-declared-pointer-locked.c uses and does not declare: the guard class its header defines */
struct sensor;
struct sensor *sensor_by_id(int id);
typedef struct sensor *class_sensor_by_id_t;
#define class_sensor_by_id_constructor sensor_by_id
#define CLASS(name, var) class_##name##_t var = class_##name##_constructor
#define EXPORT_SYMBOL_GPL(fn) extern int __export_##fn
