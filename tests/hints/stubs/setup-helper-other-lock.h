/* names setup-helper-other-lock.c uses and does not declare */
#define __init __attribute__((__section__(".init.text")))
enum { HWBLK_IDLE, HWBLK_ENABLED };
#define HWBLK_SETUP 0x1
struct hwblk;
void hwblk_clocks_on(struct hwblk *b);
void hwblk_write_reset(struct hwblk *b);
struct hwblk *hwblk_boot_block(void);
