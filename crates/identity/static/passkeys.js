// Residents' passkeys: registering one on /my/passkeys and signing in with
// one on /login. Each button carries the page's CSRF token (data-csrf);
// the server keeps each challenge and takes it once.
(function () {
  'use strict';

  function decode(text) {
    var base64 = text.replace(/-/g, '+').replace(/_/g, '/');
    while (base64.length % 4) base64 += '=';
    var binary = atob(base64);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes.buffer;
  }

  function encode(buffer) {
    if (!buffer) return undefined;
    var bytes = new Uint8Array(buffer);
    var binary = '';
    for (var i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
    return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  // The server's options without empty members (the browser refuses null
  // where it expects a list).
  function pruned(value) {
    if (Array.isArray(value)) return value.map(pruned);
    if (value && typeof value === 'object') {
      var out = {};
      Object.keys(value).forEach(function (key) {
        if (value[key] !== null && value[key] !== undefined) out[key] = pruned(value[key]);
      });
      return out;
    }
    return value;
  }

  function post(url, body, csrf) {
    return fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
      body: JSON.stringify(body || {})
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (json) {
        if (!response.ok) throw new Error(json.message || String(response.status));
        return json;
      });
    });
  }

  function say(status, text) {
    if (status) status.textContent = text;
  }

  function register(button) {
    var status = document.getElementById('passkey-status');
    var nameInput = document.getElementById('passkey-name');
    var csrf = button.getAttribute('data-csrf');
    button.disabled = true;
    say(status, button.getAttribute('data-working'));
    post('/my/passkeys/register/start', {}, csrf).then(function (started) {
      var options = pruned(started.options.publicKey);
      options.challenge = decode(options.challenge);
      options.user.id = decode(options.user.id);
      (options.excludeCredentials || []).forEach(function (c) { c.id = decode(c.id); });
      return navigator.credentials.create({ publicKey: options }).then(function (credential) {
        var response = credential.response;
        return post('/my/passkeys/register/finish', {
          ceremony: started.ceremony,
          name: nameInput ? nameInput.value : '',
          credential: {
            id: credential.id,
            rawId: encode(credential.rawId),
            type: credential.type,
            response: {
              attestationObject: encode(response.attestationObject),
              clientDataJSON: encode(response.clientDataJSON),
              transports: response.getTransports ? response.getTransports() : undefined
            },
            extensions: credential.getClientExtensionResults()
          }
        }, csrf);
      });
    }).then(function () {
      window.location.reload();
    }).catch(function (error) {
      button.disabled = false;
      say(status, button.getAttribute('data-failed') + ' ' + (error && error.message ? error.message : ''));
    });
  }

  function signIn(button) {
    var status = document.getElementById('passkey-status');
    var csrf = button.getAttribute('data-csrf');
    button.disabled = true;
    say(status, button.getAttribute('data-working'));
    post('/login/passkey/start', {}, csrf).then(function (started) {
      var options = pruned(started.options.publicKey);
      options.challenge = decode(options.challenge);
      (options.allowCredentials || []).forEach(function (c) { c.id = decode(c.id); });
      return navigator.credentials.get({ publicKey: options }).then(function (credential) {
        var response = credential.response;
        return post('/login/passkey/finish', {
          ceremony: started.ceremony,
          next: button.getAttribute('data-next') || '',
          credential: {
            id: credential.id,
            rawId: encode(credential.rawId),
            type: credential.type,
            response: {
              authenticatorData: encode(response.authenticatorData),
              clientDataJSON: encode(response.clientDataJSON),
              signature: encode(response.signature),
              userHandle: encode(response.userHandle)
            },
            extensions: credential.getClientExtensionResults()
          }
        }, csrf);
      });
    }).then(function (done) {
      window.location.assign(done.redirect || '/my');
    }).catch(function (error) {
      button.disabled = false;
      say(status, button.getAttribute('data-failed') + ' ' + (error && error.message ? error.message : ''));
    });
  }

  if (!window.PublicKeyCredential || !navigator.credentials) return;
  var registerButton = document.getElementById('passkey-register');
  if (registerButton) {
    registerButton.hidden = false;
    var nameField = document.getElementById('passkey-name-field');
    if (nameField) nameField.hidden = false;
    registerButton.addEventListener('click', function () { register(registerButton); });
  }
  var signInButton = document.getElementById('passkey-sign-in');
  if (signInButton) {
    var section = document.getElementById('passkey-section');
    if (section) section.hidden = false;
    signInButton.addEventListener('click', function () { signIn(signInButton); });
  }
})();
