import { Layout } from '../layout.js';

export function LoginPage() {
  return (
    <Layout title="Log in" script="login">
      <h1>Log in</h1>
      <form id="login-form" class="stack narrow">
        <div class="field">
          <label for="email">Email</label>
          <input id="email" name="email" type="email" autocomplete="email" required />
        </div>
        <div class="field">
          <label for="password">Password</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required />
        </div>
        <p id="form-error" class="error" role="alert"></p>
        <button type="submit">Log in</button>
      </form>
      <section id="oidc-section" class="stack narrow provider-section" aria-labelledby="oidc-heading" hidden>
        <h2 id="oidc-heading">Or sign in with another account</h2>
        <div id="oidc-providers" class="stack provider-list"></div>
      </section>
      <p>
        New here?{' '}
        <a id="other-link" href="/register">
          Create an account
        </a>
      </p>
    </Layout>
  );
}

export function RegisterPage() {
  return (
    <Layout title="Create an account" script="register">
      <h1>Create an account</h1>
      <form id="register-form" class="stack narrow">
        <div class="field">
          <label for="name">Name</label>
          <input id="name" name="name" autocomplete="name" required maxlength={100} />
        </div>
        <div class="field">
          <label for="email">Email</label>
          <input id="email" name="email" type="email" autocomplete="email" required />
        </div>
        <div class="field">
          <label for="password">Password</label>
          <input
            id="password"
            name="password"
            type="password"
            autocomplete="new-password"
            required
            minlength={8}
            aria-describedby="password-hint"
          />
          <p id="password-hint" class="hint">
            At least 8 characters.
          </p>
        </div>
        <p id="form-error" class="error" role="alert"></p>
        <button type="submit">Create account</button>
      </form>
      <section id="oidc-section" class="stack narrow provider-section" aria-labelledby="oidc-heading" hidden>
        <h2 id="oidc-heading">Or use another account</h2>
        <div id="oidc-providers" class="stack provider-list"></div>
      </section>
      <p>
        Already registered?{' '}
        <a id="other-link" href="/login">
          Log in
        </a>
      </p>
    </Layout>
  );
}

export function VerifyEmailPage() {
  return (
    <Layout title="Confirm your email" script="verify-email">
      <h1>Confirm your email</h1>
      <p id="verify-status" role="status">
        Confirming…
      </p>
      <p>
        <a href="/">Back to the shows</a>
      </p>
    </Layout>
  );
}

/**
 * Where an OpenID Connect sign-in ends: the page trades the one-time code in its address for a sign-in,
 * or asks for the existing account's password before linking the provider to it.
 */
export function OidcCompletePage() {
  return (
    <Layout title="Signing in" script="oidc-complete">
      <h1>Signing in</h1>
      <p id="complete-status" role="status">
        Signing you in…
      </p>
      <form id="link-form" class="stack narrow" hidden>
        <p id="link-intro"></p>
        <div class="field">
          <label for="password">Password</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required />
        </div>
        <p id="form-error" class="error" role="alert"></p>
        <button type="submit">Link and sign in</button>
      </form>
      <p id="complete-retry" hidden>
        <a id="retry-link" href="/login">
          Back to signing in
        </a>
      </p>
    </Layout>
  );
}
