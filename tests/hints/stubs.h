/*
 * Enough of a kernel's (and a hypervisor's) vocabulary for the fixtures
 * that get a fix hint to compile with gcc -fsyntax-only -Wall -Werror,
 * before and after the hint is applied (tests/run-hints.sh).  Only
 * declarations: nothing here is meant to run.
 */
#ifndef TOCSIN_HINT_STUBS_H
#define TOCSIN_HINT_STUBS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int32_t s32;
typedef int64_t s64;

#define READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) do { *(volatile __typeof__(x) *)&(x) = (v); } while (0)
#define data_race(x) (x)
#define smp_load_acquire(p) (*(const volatile __typeof__(*(p)) *)(p))
#define smp_store_release(p, v) do { *(volatile __typeof__(*(p)) *)(p) = (v); } while (0)
#define container_of(p, type, member) ((type *)((char *)(p) - offsetof(type, member)))

#define smp_store_mb(x, v) WRITE_ONCE(x, v)
#define cmpxchg(p, o, n) ({ __typeof__(*(p)) __o = (o); (void)(n); __o; })
#define try_cmpxchg(p, po, n) ({ (void)(p); (void)(po); (void)(n); true; })
#define xchg(p, n) ({ __typeof__(*(p)) __o = *(p); (void)(n); __o; })
#define rcu_dereference(p) READ_ONCE(p)
#define rcu_assign_pointer(p, v) WRITE_ONCE(p, v)

#define EIO 5
#define ENODEV 19
#define EAGAIN 11
#define EBUSY 16
#define EINVAL 22
#define ENOENT 2
#define ENOMEM 12

typedef struct { int counter; } atomic_t;
typedef struct { int raw; } spinlock_t;
struct mutex { int owner; };
struct rw_semaphore { int count; };
struct work_struct { int pending; };
struct delayed_work { struct work_struct work; };
struct task_struct;
typedef int irqreturn_t;
#define IRQ_HANDLED 1
typedef unsigned int gfp_t;
#define GFP_KERNEL 0u

void *kzalloc(size_t size, gfp_t flags);
void kfree(const void *p);
#define INIT_WORK(w, fn) do { (void)(w); (void)(fn); } while (0)
#define INIT_DELAYED_WORK(w, fn) do { (void)(w); (void)(fn); } while (0)
#define spin_lock_irqsave(l, flags) do { (void)(l); (flags) = 0; } while (0)
#define spin_unlock_irqrestore(l, flags) do { (void)(l); (void)(flags); } while (0)

int atomic_read(const atomic_t *v);
void atomic_set(atomic_t *v, int i);
void atomic_inc(atomic_t *v);
bool test_bit(long nr, const volatile unsigned long *addr);
void set_bit(long nr, volatile unsigned long *addr);
void clear_bit(long nr, volatile unsigned long *addr);
bool test_and_set_bit(long nr, volatile unsigned long *addr);
bool test_and_clear_bit(long nr, volatile unsigned long *addr);
void spin_lock(spinlock_t *l);
void spin_unlock(spinlock_t *l);
void mutex_lock(struct mutex *m);
void mutex_unlock(struct mutex *m);
void down_read(struct rw_semaphore *s);
void up_read(struct rw_semaphore *s);
void down_write(struct rw_semaphore *s);
void up_write(struct rw_semaphore *s);
void rcu_read_lock(void);
void rcu_read_unlock(void);
int smp_processor_id(void);

/* for a fixture's own struct list_head */
#define INIT_LIST_HEAD(h) do { (h)->next = (h)->prev = (h); } while (0)
#define list_for_each_entry(pos, head, member)					\
	for (pos = container_of((head)->next, __typeof__(*pos), member);	\
	     &pos->member != (head);						\
	     pos = container_of(pos->member.next, __typeof__(*pos), member))

#endif
