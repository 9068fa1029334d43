#include "index/memo.h"

__thread struct index_memo index_memo;
