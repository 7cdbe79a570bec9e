// A real OpenID Connect provider for the sign-in tests: oidc-provider (the
// certified Node.js implementation) on 127.0.0.1, standing in for the city's
// IdP and for gBizID. Not for production: its login page (oidc-provider's
// development interactions) signs in whoever is named, and it accepts a
// client's callback on any loopback port, since each test server gets a
// fresh port.
//
//   node provider.mjs [PORT]      (or OIDC_PORT; default 9400)
//
// Prints "oidc-provider listening on http://127.0.0.1:PORT" when ready.
//
// Clients (secrets are test values, overridable by environment):
//   madoguchi-staff   the city's IdP for staff (scopes openid email profile city)
//   madoguchi-gbizid  a gBizID stand-in for businesses (openid email profile)
//
// Users (the login name is the account id; any password is accepted):
//   hanako    a clerk of 子育て支援課 (role ippan, department KD-110)
//   ichiro    its manager (role kacho, department KD-110)
//   jiro      a clerk of 介護保険課 (role ippan, department KG-210)
//   saburo    the DX office (role dx, department SM-900)
//   newcomer  a clerk of 子育て支援課 with no madoguchi account yet
//   visitor   a city employee with no role in madoguchi (role gaibu)
//   kigyo     a business representative in gBizID (corporate number)

import Provider from 'oidc-provider';

const port = Number(process.argv[2] || process.env.OIDC_PORT || 9400);
const issuer = `http://127.0.0.1:${port}`;

const USERS = {
  hanako: {
    email: 'kosodate.clerk@city.example.jp', email_verified: true,
    name: '名古屋 花子', role: 'ippan', department: 'KD-110',
  },
  ichiro: {
    email: 'kosodate.manager@city.example.jp', email_verified: true,
    name: '名古屋 一郎', role: ['kacho', 'ippan'], department: 'KD-110',
  },
  jiro: {
    email: 'kaigo.clerk@city.example.jp', email_verified: true,
    name: '熱田 次郎', role: 'ippan', department: 'KG-210',
  },
  saburo: {
    email: 'dx.admin@city.example.jp', email_verified: true,
    name: '中 三郎', role: 'dx', department: 'SM-900',
  },
  newcomer: {
    email: 'new.clerk@city.example.jp', email_verified: true,
    name: '守山 新', role: 'ippan', department: 'KD-110',
  },
  visitor: {
    email: 'visitor@city.example.jp', email_verified: true,
    name: '港 ゆう', role: 'gaibu', department: 'ZZ-999',
  },
  // gBizID's claims (its published interface): the account type, the
  // corporate number (法人番号, 13 digits) and the business's name.
  kigyo: {
    email: 'daihyo@kabushiki.example.jp', email_verified: true,
    name: '大須 商店', user_last_nm: '大須', user_first_nm: '商店',
    account_type: '2', corporate_number: '1234567890123',
    corporate_name: '株式会社大須商店',
  },
};

const callbackPaths = new Set(['/staff/login/oidc/callback', '/login/gbizid/callback']);

const configuration = {
  clients: [
    {
      client_id: process.env.OIDC_STAFF_CLIENT_ID || 'madoguchi-staff',
      client_secret: process.env.OIDC_STAFF_CLIENT_SECRET || 'staff-test-secret',
      redirect_uris: ['http://127.0.0.1/staff/login/oidc/callback'],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
    {
      client_id: process.env.OIDC_GBIZID_CLIENT_ID || 'madoguchi-gbizid',
      client_secret: process.env.OIDC_GBIZID_CLIENT_SECRET || 'gbizid-test-secret',
      redirect_uris: ['http://127.0.0.1/login/gbizid/callback'],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
    },
  ],
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'user_last_nm', 'user_first_nm', 'account_type', 'corporate_number', 'corporate_name'],
    city: ['role', 'department'],
  },
  scopes: ['openid', 'email', 'profile', 'city'],
  // The claims of the scopes asked for go in the ID token too (as most IdPs
  // do); madoguchi also reads the userinfo endpoint.
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true }, userinfo: { enabled: true } },
  cookies: { keys: ['madoguchi-test-provider-only'] },
  async findAccount(ctx, id) {
    const user = USERS[id];
    if (!user) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, ...user }) };
  },
  // First-party clients: no consent page, the scopes asked for are granted.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope([...ctx.oidc.requestParamScopes].join(' '));
    await grant.save();
    return grant;
  },
  renderError(ctx, out) {
    ctx.type = 'html';
    ctx.body = `<!DOCTYPE html><title>oidc-provider error</title><h1>${out.error}</h1><p>${String(out.error_description || '').replace(/[<>&]/g, '')}</p>`;
  },
};

const provider = new Provider(issuer, configuration);
// Each test server listens on a port of its own: accept the registered
// callback path on any port of 127.0.0.1.
const exact = provider.Client.prototype.redirectUriAllowed;
provider.Client.prototype.redirectUriAllowed = function redirectUriAllowed(value) {
  if (exact.call(this, value)) return true;
  try {
    const url = new URL(value);
    const registered = this.redirectUris.map((u) => new URL(u).pathname);
    return url.protocol === 'http:' && url.hostname === '127.0.0.1'
      && callbackPaths.has(url.pathname) && registered.includes(url.pathname) && !url.search;
  } catch {
    return false;
  }
};
provider.on('server_error', (ctx, error) => console.error('oidc-provider server_error', error));

const server = provider.listen(port, '127.0.0.1', () => {
  console.log(`oidc-provider listening on ${issuer}`);
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
