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
