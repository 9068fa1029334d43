/* per-CPU variables (include/linux/percpu-defs.h), one copy per CPU */
#define NR_CPUS 4
#define DEFINE_PER_CPU(type, name) type name[NR_CPUS]
#define per_cpu_ptr(ptr, cpu) (&(*(ptr))[cpu])
#define raw_cpu_ptr(ptr) per_cpu_ptr(ptr, 0)
#define for_each_possible_cpu(cpu) for ((cpu) = 0; (cpu) < NR_CPUS; (cpu)++)
void note_quiescent(unsigned long v);
