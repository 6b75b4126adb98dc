import type { Actor } from '../auth/permissions.ts';
import { type FormValues, listField, textField } from '../http/form-fields.ts';
import type { Services } from '../services.ts';
import { type CreatedToken, createToken } from './create-token.ts';
import { listTokens, type TokenListItem } from './list-tokens.ts';
import { revokeToken } from './revoke-token.ts';
import { SCOPE_HINTS, SCOPES, type Scope } from './scopes.ts';
import { EXPIRY_CHOICES } from './token-input.ts';

/** pages/admin/tokens.astro: the list, the create form (kept as typed after an error), and a token just created. */
export interface TokensPageView {
  status: number;
  tokens: TokenListItem[];
  scopes: { scope: Scope; hint: string }[];
  expiryChoices: readonly { value: string; label: string }[];
  values: { name: string; scopes: string[]; expiresIn: string };
  errors: Record<string, string>;
  /** Which token's revoke form the errors belong to. */
  revokeErrors: { id: string; errors: Record<string, string> } | null;
  /** Shown once, on the answer to the POST that created it: never in a URL. */
  created: CreatedToken | null;
  notice: string | null;
}

const FRESH = { name: '', scopes: [] as string[], expiresIn: '90d' };

const NOTICES: Record<string, string> = { revoked: 'Token revoked. Anything still using it now gets 401.' };

async function view(services: Services, actor: Actor, parts: Partial<TokensPageView>): Promise<TokensPageView> {
  return {
    status: 200,
    tokens: await listTokens(services, actor), // admins only: ForbiddenError (403) for anyone else
    scopes: SCOPES.map((scope) => ({ scope, hint: SCOPE_HINTS[scope] })),
    expiryChoices: EXPIRY_CHOICES,
    values: FRESH,
    errors: {},
    revokeErrors: null,
    created: null,
    notice: null,
    ...parts,
  };
}

export function loadTokensPage(services: Services, actor: Actor, done: string | null): Promise<TokensPageView> {
  return view(services, actor, { notice: NOTICES[done ?? ''] ?? null });
}

/** POST: create (answered with the page showing the token once) or revoke (redirect on success). */
export async function handleTokensPost(services: Services, actor: Actor, form: FormValues): Promise<{ redirect: string } | TokensPageView> {
  const text = (key: string): string => textField(form, key);
  if (form['intent'] === 'revoke') {
    const result = await revokeToken(services, actor, form);
    if (result.ok) return { redirect: '/admin/tokens?done=revoked' };
    return view(services, actor, { status: 400, revokeErrors: { id: text('id'), errors: result.errors } });
  }
  const scopes = listField(form, 'scopes');
  const result = await createToken(services, actor, form);
  if (result.ok) return view(services, actor, { created: result.value });
  return view(services, actor, { status: 400, values: { name: text('name'), scopes, expiresIn: text('expiresIn') }, errors: result.errors });
}
