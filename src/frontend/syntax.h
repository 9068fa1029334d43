/*
 * The node kinds and field names of the C grammar that the lowering looks
 * at, resolved to the grammar's numbers once.  Comparing type names as
 * strings and looking fields up by name on every visit made the lowering
 * cost half as much again as the parse; with these it compares integers.
 *
 * A kind stands for every grammar symbol that carries its name (the
 * grammar has several "pointer_declarator"s and aliases such as
 * "field_identifier"), so syn_kind(n) == SYN_X exactly when
 * ts_node_type(n) is "x" -- anonymous tokens such as "->" included.
 */
#ifndef TOCSIN_SYNTAX_H
#define TOCSIN_SYNTAX_H

#include <stdbool.h>
#include <stdint.h>
#include <tree_sitter/api.h>

enum syn {
	SYN_OTHER,		/* any node the lowering does not tell apart */

	/* named nodes */
	SYN_ABSTRACT_ARRAY_DECLARATOR,
	SYN_ABSTRACT_FUNCTION_DECLARATOR,
	SYN_ABSTRACT_POINTER_DECLARATOR,
	SYN_ALIGNOF_EXPRESSION,
	SYN_ARRAY_DECLARATOR,
	SYN_ASSIGNMENT_EXPRESSION,
	SYN_ATTRIBUTED_STATEMENT,
	SYN_BINARY_EXPRESSION,
	SYN_BITFIELD_CLAUSE,
	SYN_BREAK_STATEMENT,
	SYN_CALL_EXPRESSION,
	SYN_CASE_STATEMENT,
	SYN_CAST_EXPRESSION,
	SYN_CHAR_LITERAL,
	SYN_COMMA_EXPRESSION,
	SYN_COMMENT,
	SYN_COMPOUND_STATEMENT,
	SYN_CONCATENATED_STRING,
	SYN_CONDITIONAL_EXPRESSION,
	SYN_CONTINUE_STATEMENT,
	SYN_DECLARATION,
	SYN_DECLARATION_LIST,
	SYN_DO_STATEMENT,
	SYN_ELSE_CLAUSE,
	SYN_ENUM_SPECIFIER,
	SYN_ERROR,
	SYN_EXPRESSION_STATEMENT,
	SYN_FALSE,
	SYN_FIELD_DECLARATION,
	SYN_FIELD_DESIGNATOR,
	SYN_FIELD_EXPRESSION,
	SYN_FIELD_IDENTIFIER,
	SYN_FOR_STATEMENT,
	SYN_FUNCTION_DECLARATOR,
	SYN_FUNCTION_DEFINITION,
	SYN_GNU_ASM_EXPRESSION,
	SYN_GNU_ASM_INPUT_OPERAND_LIST,
	SYN_GNU_ASM_OUTPUT_OPERAND_LIST,
	SYN_GOTO_STATEMENT,
	SYN_IDENTIFIER,
	SYN_IF_STATEMENT,
	SYN_INIT_DECLARATOR,
	SYN_INITIALIZER_PAIR,
	SYN_LABELED_STATEMENT,
	SYN_LINKAGE_SPECIFICATION,
	SYN_NULL,
	SYN_NUMBER_LITERAL,
	SYN_OFFSETOF_EXPRESSION,
	SYN_PARAMETER_DECLARATION,
	SYN_PARENTHESIZED_DECLARATOR,
	SYN_PARENTHESIZED_EXPRESSION,
	SYN_POINTER_DECLARATOR,
	SYN_POINTER_EXPRESSION,
	SYN_PREPROC_FUNCTION_DEF,
	SYN_PREPROC_IF,
	SYN_PREPROC_IFDEF,
	SYN_PREPROC_PARAMS,
	SYN_PREPROC_DEF,
	SYN_PREPROC_ELSE,
	SYN_PREPROC_DEFINED,
	SYN_RETURN_STATEMENT,
	SYN_SIZEOF_EXPRESSION,
	SYN_STORAGE_CLASS_SPECIFIER,
	SYN_STRING_LITERAL,
	SYN_STRUCT_SPECIFIER,
	SYN_SUBSCRIPT_EXPRESSION,
	SYN_SWITCH_STATEMENT,
	SYN_TRANSLATION_UNIT,
	SYN_TRUE,
	SYN_TYPE_DEFINITION,
	SYN_TYPE_IDENTIFIER,
	SYN_TYPE_QUALIFIER,
	SYN_UNARY_EXPRESSION,
	SYN_UNION_SPECIFIER,
	SYN_UPDATE_EXPRESSION,
	SYN_WHILE_STATEMENT,

	/* anonymous tokens: operators */
	SYN_AMP,		/* & */
	SYN_AND,		/* && */
	SYN_ARROW,		/* -> */
	SYN_BANG,		/* ! */
	SYN_EQ,			/* == */
	SYN_GE,			/* >= */
	SYN_GT,			/* > */
	SYN_LE,			/* <= */
	SYN_LT,			/* < */
	SYN_MINUS,		/* - */
	SYN_NE,			/* != */
	SYN_OR,			/* || */
	SYN_PERCENT,		/* % */
	SYN_PLUS,		/* + */
	SYN_STAR,		/* * */
	SYN_TILDE,		/* ~ */

	SYN_COUNT
};

/* Properties of a kind's name that the lowering tests by pattern. */
enum {
	SYNF_PREPROC = 1,	/* "preproc_..." */
	SYNF_EXPRESSION = 2,	/* "..._expression" */
};

enum fld {
	FLD_ALTERNATIVE,
	FLD_ARGUMENT,
	FLD_ARGUMENTS,
	FLD_BODY,
	FLD_CONDITION,
	FLD_CONSEQUENCE,
	FLD_DECLARATOR,
	FLD_FIELD,
	FLD_FUNCTION,
	FLD_INDEX,
	FLD_INITIALIZER,
	FLD_LABEL,
	FLD_LEFT,
	FLD_NAME,
	FLD_OPERATOR,
	FLD_PARAMETERS,
	FLD_RIGHT,
	FLD_SIZE,
	FLD_TYPE,
	FLD_UPDATE,
	FLD_VALUE,
	FLD_COUNT
};

/* Filled by syntax_init(); read-only afterwards, so threads share it. */
struct syntax_tables {
	const uint8_t *kind;	/* enum syn of each grammar symbol */
	const uint8_t *flags;	/* SYNF_* of each grammar symbol */
	uint32_t nsymbols;
	TSSymbol error;		/* ERROR nodes' symbol, outside the table */
	TSFieldId field[FLD_COUNT];
	const char *const *field_names;	/* by id, as tree-sitter returns them */
	uint32_t nfields;
};

extern struct syntax_tables syntax;

/* Resolve the tables for tree_sitter_c(); cheap to call again. */
void syntax_init(void);

static inline enum syn syn_sym_kind(TSSymbol s)
{
	if (s < syntax.nsymbols)
		return (enum syn)syntax.kind[s];
	return s == syntax.error ? SYN_ERROR : SYN_OTHER;
}

static inline unsigned syn_sym_flags(TSSymbol s)
{
	return s < syntax.nsymbols ? syntax.flags[s] : 0;
}

/* ts_node_is_null(), inline: the lowering asks it at every turn. */
static inline bool syn_null(TSNode n)
{
	return n.id == NULL;
}

/* SYN_OTHER for a null node. */
static inline enum syn syn_kind(TSNode n)
{
	if (syn_null(n))
		return SYN_OTHER;
	return syn_sym_kind(ts_node_symbol(n));
}

static inline TSNode syn_child(TSNode n, enum fld f)
{
	return ts_node_child_by_field_id(n, syntax.field[f]);
}

/*
 * The id of a field name that ts_node_field_name_for_child() returned:
 * tree-sitter hands out its own string for each field, so comparing
 * pointers finds the id without comparing names.
 */
static inline TSFieldId syn_field_id(const char *name)
{
	if (!name)
		return 0;
	for (uint32_t f = 1; f <= syntax.nfields; f++)
		if (syntax.field_names[f] == name)
			return (TSFieldId)f;
	return 0;
}

#endif
