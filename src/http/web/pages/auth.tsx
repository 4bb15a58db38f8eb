import { Layout, Status } from '../layout.js';
import {
  authFormIds,
  forgotPasswordIds,
  loginIds,
  oidcCompleteIds,
  registerIds,
  resetPasswordIds,
  verifyEmailIds,
} from '../assets/js/element-ids.js';

export function LoginPage() {
  return (
    <Layout title="Log in" script="login">
      <h1>Log in</h1>
      <form id={loginIds.loginForm} class="stack narrow">
        <div class="field">
          <label for="email">Email</label>
          <input id="email" name="email" type="email" autocomplete="email" required />
        </div>
        <div class="field">
          <label for="password">Password</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required />
        </div>
        <p id={authFormIds.formError} class="error" role="alert"></p>
        <button type="submit">Log in</button>
        <p>
          <a href="/forgot-password">Forgot password?</a>
        </p>
      </form>
      <section id={authFormIds.oidcSection} class="stack narrow provider-section" aria-labelledby="oidc-heading" hidden>
        <h2 id="oidc-heading">Or sign in with another account</h2>
        <div id={authFormIds.oidcProviders} class="stack provider-list"></div>
      </section>
      <p>
        New here?{' '}
        <a id={authFormIds.otherLink} href="/register">
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
      <form id={registerIds.registerForm} class="stack narrow">
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
        <p id={authFormIds.formError} class="error" role="alert"></p>
        <button type="submit">Create account</button>
      </form>
      <section id={authFormIds.oidcSection} class="stack narrow provider-section" aria-labelledby="oidc-heading" hidden>
        <h2 id="oidc-heading">Or use another account</h2>
        <div id={authFormIds.oidcProviders} class="stack provider-list"></div>
      </section>
      <p>
        Already registered?{' '}
        <a id={authFormIds.otherLink} href="/login">
          Log in
        </a>
      </p>
    </Layout>
  );
}

/** The new password's field, with the registration's rule said beside it. */
function NewPasswordField({ label }: { label: string }) {
  return (
    <div class="field">
      <label for="password">{label}</label>
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
  );
}

export function ForgotPasswordPage() {
  return (
    <Layout title="Forgot password" script="forgot-password">
      <h1>Forgot your password?</h1>
      <p>
        We email you a link to choose a new one. An account made by signing in with another account (Google and the
        like) sets its first password the same way.
      </p>
      <form id={forgotPasswordIds.forgotForm} class="stack narrow">
        <div class="field">
          <label for="email">Email</label>
          <input id="email" name="email" type="email" autocomplete="email" required />
        </div>
        <button type="submit">Email me a link</button>
      </form>
      <Status id={forgotPasswordIds.forgotStatus} />
      <p>
        <a href="/login">Back to logging in</a>
      </p>
    </Layout>
  );
}

export function ResetPasswordPage() {
  return (
    <Layout title="Choose a new password" script="reset-password">
      <h1>Choose a new password</h1>
      <form id={resetPasswordIds.resetForm} class="stack narrow">
        <NewPasswordField label="New password" />
        <p class="meta">This signs you out on every device, and signs you in here.</p>
        <button type="submit">Set password</button>
      </form>
      <Status id={resetPasswordIds.resetStatus} />
      <p>
        <a href="/forgot-password">Ask for a new link</a>
      </p>
    </Layout>
  );
}

export function VerifyEmailPage() {
  return (
    <Layout title="Confirm your email" script="verify-email">
      <h1>Confirm your email</h1>
      <p id={verifyEmailIds.verifyStatus} role="status">
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
      <p id={oidcCompleteIds.completeStatus} role="status">
        Signing you in…
      </p>
      <form id={oidcCompleteIds.linkForm} class="stack narrow" hidden>
        <p id={oidcCompleteIds.linkIntro}></p>
        <div class="field">
          <label for={oidcCompleteIds.password}>Password</label>
          <input
            id={oidcCompleteIds.password}
            name="password"
            type="password"
            autocomplete="current-password"
            required
          />
        </div>
        <p id={oidcCompleteIds.formError} class="error" role="alert"></p>
        <button type="submit">Link and sign in</button>
      </form>
      <p id={oidcCompleteIds.completeRetry} hidden>
        <a id={oidcCompleteIds.retryLink} href="/login">
          Back to signing in
        </a>
      </p>
    </Layout>
  );
}
