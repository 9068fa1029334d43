#include "input/skim.h"
#include "input/lexscan.h"

/* How deep #if may nest in one body before the body is left whole. */
#define MAX_IF_NESTING 64

/*
 * The end (the offset of its newline, or end) of the directive whose `#` is
 * at t[i], following continued lines; 0 when a comment in it runs past its
 * line, which would make the lines after part of it.
 */
static size_t directive_end(const char *t, size_t i, size_t end)
{
	while (i < end && t[i] != '\n') {
		if (lex_continues_line(t, i, end)) {
			i = t[i + 1] == '\n' ? i + 2 : i + 3;
			continue;
		}
		if (t[i] == '/' && i + 1 < end && t[i + 1] == '*') {
			for (i += 2; i + 1 < end && !(t[i] == '*' && t[i + 1] == '/'); i++)
				if (t[i] == '\n')
					return 0;
			if (i + 1 >= end)
				return 0;
			i += 2;
			continue;
		}
		if (t[i] == '/' && i + 1 < end && t[i + 1] == '/') {
			while (i < end && t[i] != '\n') {
				if (lex_continues_line(t, i, end))
					return 0;
				i++;
			}
			break;
		}
		i++;
	}
	return i;
}

bool body_is_plain(const char *t, size_t len, struct body_span span)
{
	uint32_t depth = 0, at_if[MAX_IF_NESTING];
	unsigned nif = 0;
	bool line_start = false;
	size_t open = span.open, close = span.close, i = open + 1, e;

	if (open >= close || close >= len || t[open] != '{' || t[close] != '}')
		return false;
	while (i < close) {
		char c = t[i];

		if (c == '\n') {
			line_start = true;
			i++;
			continue;
		}
		if (c == ' ' || c == '\t') {
			i++;
			continue;
		}
		if (c == '#' && line_start) {
			enum lex_conditional k = lex_directive_kind(t, i, close);

			e = directive_end(t, i, close);
			if (!e)
				return false;
			if (k == LEX_COND_IF) {
				if (nif == MAX_IF_NESTING)
					return false;
				at_if[nif++] = depth;
			} else if (k == LEX_COND_ELSE || k == LEX_COND_ENDIF) {
				if (!nif || at_if[nif - 1] != depth)
					return false;
				if (k == LEX_COND_ENDIF)
					nif--;
			}
			i = e;
			continue;
		}
		line_start = false;
		e = i + 1;
		if (c == '/' && i + 1 < close && t[i + 1] == '*') {
			for (e = i + 2; e + 1 < close && !(t[e] == '*' && t[e + 1] == '/'); e++)
				;
			if (e + 1 >= close)
				return false;
			e += 2;
		} else if (c == '/' && i + 1 < close && t[i + 1] == '/') {
			for (e = i; e < close && t[e] != '\n'; e++)
				if (lex_continues_line(t, e, close))
					return false;
		} else if (c == '"' || c == '\'') {
			for (e = i + 1; e < close && t[e] != c && t[e] != '\n'; e++)
				if (t[e] == '\\')
					e++;
			if (e >= close || t[e] != c)
				return false;
			e++;
		} else if (c == '\\') {
			/* a continued line of code: a `#` after it would start no directive */
			if (lex_continues_line(t, i, close))
				return false;
		} else if (c == '{') {
			depth++;
		} else if (c == '}') {
			if (!depth)
				return false;
			depth--;
		}
		i = e;
	}
	return depth == 0 && nif == 0;
}
