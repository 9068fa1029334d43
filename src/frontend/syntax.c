#include "frontend/syntax.h"
#include "base/util.h"

#include <pthread.h>
#include <string.h>

const TSLanguage *tree_sitter_c(void);

struct syntax_tables syntax;

static const char *const kind_names[SYN_COUNT] = {
	[SYN_ABSTRACT_ARRAY_DECLARATOR] = "abstract_array_declarator",
	[SYN_ABSTRACT_FUNCTION_DECLARATOR] = "abstract_function_declarator",
	[SYN_ABSTRACT_POINTER_DECLARATOR] = "abstract_pointer_declarator",
	[SYN_ALIGNOF_EXPRESSION] = "alignof_expression",
	[SYN_ARRAY_DECLARATOR] = "array_declarator",
	[SYN_ASSIGNMENT_EXPRESSION] = "assignment_expression",
	[SYN_ATTRIBUTED_STATEMENT] = "attributed_statement",
	[SYN_BINARY_EXPRESSION] = "binary_expression",
	[SYN_BITFIELD_CLAUSE] = "bitfield_clause",
	[SYN_BREAK_STATEMENT] = "break_statement",
	[SYN_CALL_EXPRESSION] = "call_expression",
	[SYN_CASE_STATEMENT] = "case_statement",
	[SYN_CAST_EXPRESSION] = "cast_expression",
	[SYN_CHAR_LITERAL] = "char_literal",
	[SYN_COMMA_EXPRESSION] = "comma_expression",
	[SYN_COMMENT] = "comment",
	[SYN_COMPOUND_STATEMENT] = "compound_statement",
	[SYN_CONCATENATED_STRING] = "concatenated_string",
	[SYN_CONDITIONAL_EXPRESSION] = "conditional_expression",
	[SYN_CONTINUE_STATEMENT] = "continue_statement",
	[SYN_DECLARATION] = "declaration",
	[SYN_DECLARATION_LIST] = "declaration_list",
	[SYN_DO_STATEMENT] = "do_statement",
	[SYN_ELSE_CLAUSE] = "else_clause",
	[SYN_ENUM_SPECIFIER] = "enum_specifier",
	[SYN_ERROR] = "ERROR",
	[SYN_EXPRESSION_STATEMENT] = "expression_statement",
	[SYN_FALSE] = "false",
	[SYN_FIELD_DECLARATION] = "field_declaration",
	[SYN_FIELD_EXPRESSION] = "field_expression",
	[SYN_FIELD_DESIGNATOR] = "field_designator",
	[SYN_FIELD_IDENTIFIER] = "field_identifier",
	[SYN_FOR_STATEMENT] = "for_statement",
	[SYN_FUNCTION_DECLARATOR] = "function_declarator",
	[SYN_FUNCTION_DEFINITION] = "function_definition",
	[SYN_GNU_ASM_EXPRESSION] = "gnu_asm_expression",
	[SYN_GNU_ASM_INPUT_OPERAND_LIST] = "gnu_asm_input_operand_list",
	[SYN_GNU_ASM_OUTPUT_OPERAND_LIST] = "gnu_asm_output_operand_list",
	[SYN_GOTO_STATEMENT] = "goto_statement",
	[SYN_IDENTIFIER] = "identifier",
	[SYN_IF_STATEMENT] = "if_statement",
	[SYN_INIT_DECLARATOR] = "init_declarator",
	[SYN_INITIALIZER_PAIR] = "initializer_pair",
	[SYN_LABELED_STATEMENT] = "labeled_statement",
	[SYN_LINKAGE_SPECIFICATION] = "linkage_specification",
	[SYN_NULL] = "null",
	[SYN_NUMBER_LITERAL] = "number_literal",
	[SYN_OFFSETOF_EXPRESSION] = "offsetof_expression",
	[SYN_PARAMETER_DECLARATION] = "parameter_declaration",
	[SYN_PARENTHESIZED_DECLARATOR] = "parenthesized_declarator",
	[SYN_PARENTHESIZED_EXPRESSION] = "parenthesized_expression",
	[SYN_POINTER_DECLARATOR] = "pointer_declarator",
	[SYN_POINTER_EXPRESSION] = "pointer_expression",
	[SYN_PREPROC_FUNCTION_DEF] = "preproc_function_def",
	[SYN_PREPROC_IF] = "preproc_if",
	[SYN_PREPROC_IFDEF] = "preproc_ifdef",
	[SYN_PREPROC_PARAMS] = "preproc_params",
	[SYN_PREPROC_DEF] = "preproc_def",
	[SYN_PREPROC_ELSE] = "preproc_else",
	[SYN_PREPROC_DEFINED] = "preproc_defined",
	[SYN_RETURN_STATEMENT] = "return_statement",
	[SYN_SIZEOF_EXPRESSION] = "sizeof_expression",
	[SYN_STORAGE_CLASS_SPECIFIER] = "storage_class_specifier",
	[SYN_STRING_LITERAL] = "string_literal",
	[SYN_STRUCT_SPECIFIER] = "struct_specifier",
	[SYN_SUBSCRIPT_EXPRESSION] = "subscript_expression",
	[SYN_SWITCH_STATEMENT] = "switch_statement",
	[SYN_TRANSLATION_UNIT] = "translation_unit",
	[SYN_TRUE] = "true",
	[SYN_TYPE_DEFINITION] = "type_definition",
	[SYN_TYPE_IDENTIFIER] = "type_identifier",
	[SYN_TYPE_QUALIFIER] = "type_qualifier",
	[SYN_UNARY_EXPRESSION] = "unary_expression",
	[SYN_UNION_SPECIFIER] = "union_specifier",
	[SYN_UPDATE_EXPRESSION] = "update_expression",
	[SYN_WHILE_STATEMENT] = "while_statement",

	[SYN_AMP] = "&",
	[SYN_AND] = "&&",
	[SYN_ARROW] = "->",
	[SYN_BANG] = "!",
	[SYN_EQ] = "==",
	[SYN_GE] = ">=",
	[SYN_GT] = ">",
	[SYN_LE] = "<=",
	[SYN_LT] = "<",
	[SYN_MINUS] = "-",
	[SYN_NE] = "!=",
	[SYN_OR] = "||",
	[SYN_PERCENT] = "%",
	[SYN_PLUS] = "+",
	[SYN_STAR] = "*",
	[SYN_TILDE] = "~",
};

static const char *const field_names[FLD_COUNT] = {
	[FLD_ALTERNATIVE] = "alternative",
	[FLD_ARGUMENT] = "argument",
	[FLD_ARGUMENTS] = "arguments",
	[FLD_BODY] = "body",
	[FLD_CONDITION] = "condition",
	[FLD_CONSEQUENCE] = "consequence",
	[FLD_DECLARATOR] = "declarator",
	[FLD_FIELD] = "field",
	[FLD_FUNCTION] = "function",
	[FLD_INDEX] = "index",
	[FLD_INITIALIZER] = "initializer",
	[FLD_LABEL] = "label",
	[FLD_LEFT] = "left",
	[FLD_NAME] = "name",
	[FLD_OPERATOR] = "operator",
	[FLD_PARAMETERS] = "parameters",
	[FLD_RIGHT] = "right",
	[FLD_TYPE] = "type",
	[FLD_SIZE] = "size",
	[FLD_UPDATE] = "update",
	[FLD_VALUE] = "value",
};

static pthread_once_t once = PTHREAD_ONCE_INIT;

/*
 * By name, as ts_node_type() reports it: several symbols share a name, and
 * a name may be an alias, so every symbol is classified on its own.
 */
static void build(void)
{
	const TSLanguage *lang = tree_sitter_c();
	uint32_t n = ts_language_symbol_count(lang);
	uint32_t nf = ts_language_field_count(lang);
	uint8_t *kind = xcalloc(n ? n : 1, 1), *flags = xcalloc(n ? n : 1, 1);
	const char **fnames = xcalloc(nf + 1, sizeof(*fnames));

	for (uint32_t s = 0; s < n; s++) {
		const char *name = ts_language_symbol_name(lang, (TSSymbol)s);

		if (!name)
			continue;
		for (unsigned k = 1; k < SYN_COUNT; k++) {
			if (!strcmp(name, kind_names[k])) {
				kind[s] = (uint8_t)k;
				break;
			}
		}
		if (str_starts(name, "preproc_"))
			flags[s] |= SYNF_PREPROC;
		if (str_ends(name, "_expression"))
			flags[s] |= SYNF_EXPRESSION;
	}
	syntax.kind = kind;
	syntax.flags = flags;
	syntax.nsymbols = n;
	syntax.error = ts_language_symbol_for_name(lang, "ERROR", 5, true);
	for (uint32_t f = 1; f <= nf; f++)
		fnames[f] = ts_language_field_name_for_id(lang, (TSFieldId)f);
	syntax.field_names = fnames;
	syntax.nfields = nf;
	for (unsigned f = 0; f < FLD_COUNT; f++) {
		syntax.field[f] = ts_language_field_id_for_name(lang, field_names[f],
								(uint32_t)strlen(field_names[f]));
		if (!syntax.field[f])
			fatal("the C grammar has no field \"%s\"", field_names[f]);
	}
}

void syntax_init(void)
{
	pthread_once(&once, build);
}
