import type { FastifySchemaCompiler } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { $ZodType } from 'zod/v4/core';

/**
 * C0 control characters and DEL. NUL breaks SQLite's FTS5 queries and PostgreSQL refuses it in
 * text (22021); the others have no business in an id, a name, a cursor or a filter either.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001F\u007F]/;
/** In multi-line text (`multilineText`): the same, less tab, line feed and carriage return. */
// eslint-disable-next-line no-control-regex -- as above
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** The string schemas that hold text of several lines; every other string is one line. */
const MULTILINE = new WeakSet<$ZodType>();

/** A string of several lines (an invitation's personal message): tab, \n and \r allowed, no other control character. */
export function multilineText(max: number): z.ZodString {
  const schema = z.string().max(max);
  MULTILINE.add(schema);
  return schema;
}

type Def = {
  type: string;
  innerType?: $ZodType;
  in?: $ZodType;
  shape?: Record<string, $ZodType>;
  element?: $ZodType;
  valueType?: $ZodType;
  getter?: () => $ZodType;
};
const defOf = (schema: $ZodType): Def => schema._zod.def;

/** The schema under optional, nullable, default, pipe (its input side) and the like. */
function unwrap(schema: $ZodType | undefined): $ZodType | undefined {
  let current = schema;
  for (let depth = 0; current && depth < 32; depth += 1) {
    const def = defOf(current);
    const next = def.innerType ?? (def.type === 'pipe' ? def.in : def.type === 'lazy' ? def.getter?.() : undefined);
    if (!next) return current;
    current = next;
  }
  return current;
}

/** The schema of a member of an object, array or record; undefined (then one-line) when unknown. */
function childSchema(schema: $ZodType | undefined, key: string | number): $ZodType | undefined {
  const inner = unwrap(schema);
  if (!inner) return undefined;
  const def = defOf(inner);
  if (def.type === 'object' && typeof key === 'string') return Object.hasOwn(def.shape ?? {}, key) ? def.shape?.[key] : undefined;
  if (def.type === 'array') return def.element;
  if (def.type === 'record') return def.valueType;
  return undefined;
}

/** A path as a chain from the leaf up: extending it costs one object, whatever its depth. */
type PathNode = { key: string | number; parent: PathNode | undefined } | undefined;
function pathOf(node: PathNode): (string | number)[] {
  const path: (string | number)[] = [];
  for (let at = node; at; at = at.parent) path.push(at.key);
  return path.reverse();
}

/**
 * The path of the first string (or object key) that holds a control character it may not, or
 * undefined. Walks the data with an explicit stack, in time linear in its size: a body of deeply
 * nested arrays must neither overflow the call stack nor cost more than its bytes. A string whose
 * schema is not known is held to one line.
 */
export function findControlCharacter(data: unknown, schema: $ZodType | undefined): (string | number)[] | undefined {
  const stack: { value: unknown; schema: $ZodType | undefined; path: PathNode }[] = [{ value: data, schema, path: undefined }];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const { value, schema: at, path } = next;
    if (typeof value === 'string') {
      const inner = unwrap(at);
      const refused = inner && MULTILINE.has(inner) ? CONTROL_IN_TEXT : CONTROL;
      if (refused.test(value)) return pathOf(path);
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => stack.push({ value: item, schema: childSchema(at, index), path: { key: index, parent: path } }));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        if (CONTROL.test(key)) return pathOf({ key, parent: path });
        stack.push({ value: item, schema: childSchema(at, key), path: { key, parent: path } });
      }
    }
  }
  return undefined;
}

/**
 * The validator compiler of every route: fastify-type-provider-zod's, after a check that no string
 * of the params, query, body or headers holds a control character (above). It is here, once, so
 * that a new route cannot forget it; a refusal is an ordinary zod issue, so it is answered 400
 * VALIDATION_FAILED with its path like any other.
 */
export const inputValidatorCompiler: FastifySchemaCompiler<z.ZodType> = (route) => {
  const validate = validatorCompiler(route);
  const schema = route.schema as $ZodType;
  const refuseControls = validatorCompiler({
    ...route,
    schema: z.unknown().superRefine((data, ctx) => {
      const path = findControlCharacter(data, schema);
      // The path named in the answer is cut at 32 steps: a body nested deeper is not worth echoing.
      if (path) ctx.addIssue({ code: 'custom', path: path.slice(0, 32), message: 'must not contain control characters (U+0000–U+001F, U+007F)' });
    }),
  });
  // The walk alone on every request; zod's issue is built only for a refusal.
  return (data) => (findControlCharacter(data, schema) === undefined ? validate(data) : refuseControls(data));
};
