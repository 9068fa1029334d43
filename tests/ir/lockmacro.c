/*
 * A project's own lock macros: a function-like macro whose whole body is
 * one lock primitive becomes that lock op at each use (flag lock-macro),
 * on the lock path the use's argument names, keyed like any other lock.
 */
struct bmap {
	struct mutex db_bmaplock;
	struct mutex aglock[8];
	spinlock_t *lockp;
	rwlock_t maplock;
	int agpref;
	int nlocks;
};

struct fs {
	struct bmap map;
	struct bmap *bmp;
};

static spinlock_t table_lock;

#define BMAP_LOCK(bmp)		mutex_lock(&bmp->db_bmaplock)
#define BMAP_UNLOCK(bmp)	mutex_unlock(&bmp->db_bmaplock)
#define AG_LOCK(b, ag)		mutex_lock(&(b)->aglock[ag])
#define AG_UNLOCK(b, ag)	mutex_unlock(&(b)->aglock[ag])
#define TABLE_LOCK(flags)	spin_lock_irqsave(&table_lock, flags)
#define TABLE_UNLOCK(flags)	spin_unlock_irqrestore(&table_lock, flags)
#define LOCKP(b)		do { spin_lock((b)->lockp); } while (0)
#define UNLOCKP(b)		do { spin_unlock((b)->lockp); } while (0)
#define ASSERT_BMAP(bmp)	lockdep_assert_held(&(bmp)->db_bmaplock)
/* the user's own local, not a parameter */
#define MY_LOCK()		mutex_lock(&sb->bmp->db_bmaplock)
/* not one lock call: left a call */
#define BMAP_LOCK_COUNTED(bmp)	do { mutex_lock(&bmp->db_bmaplock); bmp->nlocks++; } while (0)
#define BMAP_TRYLOCK(bmp)	mutex_trylock(&bmp->db_bmaplock)
/* an rwlock's write side on one configuration, a spinlock on the other: exclusive either way */
#ifdef CONFIG_MAP_RWLOCK
#define MAP_LOCK(b)		write_lock(&(b)->maplock)
#define MAP_UNLOCK(b)		write_unlock(&(b)->maplock)
#define MAP_PEEK(b)		read_lock(&(b)->maplock)
#else
#define MAP_LOCK(b)		spin_lock(&(b)->maplock)
#define MAP_UNLOCK(b)		spin_unlock(&(b)->maplock)
/* shared on one, exclusive on the other: not the same lock; left a call */
#define MAP_PEEK(b)		spin_lock(&(b)->maplock)
#endif
/* a macro on one configuration, a function on the other: the call may be either */
#ifdef CONFIG_BMAP_DEBUG
#define bmap_hold(bmp)		mutex_lock(&bmp->db_bmaplock)
#else
static inline void bmap_hold(struct bmap *bmp)
{
}
#endif

int agpref(struct bmap *bmp)
{
	int ag;

	BMAP_LOCK(bmp);
	ag = bmp->agpref;
	BMAP_UNLOCK(bmp);
	return ag;
}

/* through a field of the argument, and through an embedded struct's address */
int agpref_of(struct fs *sb, int ag)
{
	int a;

	BMAP_LOCK(sb->bmp);
	AG_LOCK(&sb->map, ag);
	a = sb->map.agpref;
	AG_UNLOCK(&sb->map, ag);
	BMAP_UNLOCK(sb->bmp);
	MY_LOCK();
	ASSERT_BMAP(sb->bmp);
	a += sb->bmp->agpref;
	return a;
}

int table_and_pointer(struct bmap *b)
{
	unsigned long flags;
	int a;

	TABLE_LOCK(flags);
	LOCKP(b);
	a = b->agpref;
	UNLOCKP(b);
	TABLE_UNLOCK(flags);
	return a;
}

int not_locks(struct bmap *bmp)
{
	int a = 0;

	BMAP_LOCK_COUNTED(bmp);
	a = bmp->agpref;
	if (BMAP_TRYLOCK(bmp))
		a++;
	bmap_hold(bmp);
	return a;
}

int map_agpref(struct bmap *b)
{
	int a;

	MAP_LOCK(b);
	a = b->agpref;
	MAP_UNLOCK(b);
	MAP_PEEK(b);
	return a;
}
