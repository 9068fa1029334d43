/* names param-on-callers-stack.c uses and does not declare */
struct layer;
struct dentry;
struct super_block;
struct fid;
struct dentry *make_alias(struct super_block *sb, struct dentry *lower, struct layer *layer);
void decode_origin(struct super_block *sb, struct fid *fh, struct dentry **d, struct layer **l);
void dput(struct dentry *d);
