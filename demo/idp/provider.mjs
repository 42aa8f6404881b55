// A real OpenID Connect provider for the tests and for `./kcc run --oidc`: the certified
// `oidc-provider` package, with a login page of its own and the test users of a JSON file.
//
//   node provider.mjs --config config.json
//
// config.json: { "port", "issuer", "clients": [{client_id, client_secret, redirect_uris,
// post_logout_redirect_uris}], "jwks": {keys: [private JWK]}, "users": {"<login>": {
// "password", "sub", "claims": {...}, "amr": ["pwd", "mfa"], "acr": "..."}},
// "idTokenTTL": seconds }
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { URLSearchParams } from 'node:url';
import Provider from 'oidc-provider';

const args = process.argv.slice(2);
const config = JSON.parse(readFileSync(args[args.indexOf('--config') + 1], 'utf8'));
const users = config.users;

function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const provider = new Provider(config.issuer, {
  clients: config.clients.map((c) => ({
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
    ...c,
  })),
  jwks: config.jwks,
  pkce: { required: () => true },
  claims: {
    acr: null,
    auth_time: null,
    // the authentication methods as Entra ID sends them: a claim of the account
    openid: ['sub', 'amr'],
    profile: ['name', 'given_name', 'family_name'],
    email: ['email'],
    roles: ['roles', 'groups', 'afdeling', 'oid', 'employee_id'],
  },
  scopes: ['openid', 'profile', 'email', 'roles', 'offline_access'],
  conformIdTokenClaims: false,
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: { enabled: true },
  },
  ttl: { IdToken: config.idTokenTTL || 3600, AccessToken: 3600, AuthorizationCode: 60 },
  async findAccount(ctx, id) {
    const entry = Object.values(users).find((u) => u.sub === id);
    if (!entry) return undefined;
    return {
      accountId: id,
      async claims() { return { sub: id, amr: entry.amr || ['pwd'], ...entry.claims }; },
    };
  },
  async loadExistingGrant(ctx) {
    // first-party staff application: no consent screen
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope(ctx.oidc.params.scope);
    grant.addOIDCClaims(Object.keys(users).length ? ['name', 'email', 'roles', 'groups', 'afdeling', 'oid', 'employee_id', 'given_name', 'family_name'] : []);
    await grant.save();
    return grant;
  },
});
provider.proxy = true;

function page(uid, error) {
  return `<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>Inloggen – test-IdP</title></head>
<body><main><h1>Inloggen bij de test-identiteitsprovider</h1>
${error ? `<p role="alert" id="fout">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<label for="login">Gebruikersnaam</label> <input id="login" name="login" autocomplete="username" required>
<label for="password">Wachtwoord</label> <input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Inloggen</button></form></main></body></html>`;
}

async function body(req) {
  let data = '';
  for await (const chunk of req) data += chunk;
  return new URLSearchParams(data);
}

const callback = provider.callback();
createServer(async (req, res) => {
  const match = req.url.match(/^\/interaction\/([^/?]+)(\/login)?/);
  if (!match) return callback(req, res);
  try {
    const details = await provider.interactionDetails(req, res);
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(page(details.uid));
    }
    const form = await body(req);
    const user = users[form.get('login')];
    if (!user || user.password !== form.get('password')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(page(details.uid, 'Onbekende gebruiker of verkeerd wachtwoord.'));
    }
    await provider.interactionFinished(req, res, {
      login: { accountId: user.sub, amr: user.amr || ['pwd'], acr: user.acr || undefined },
    }, { mergeWithLastSubmission: false });
  } catch (err) {
    res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(String(err));
  }
}).listen(config.port, '127.0.0.1', () => {
  console.log(`oidc-provider listening on ${config.issuer}`);
});
