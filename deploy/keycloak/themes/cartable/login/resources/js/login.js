// The « Afficher le mot de passe » boxes of the sign-in pages (embedded provider and Keycloak theme).
document.querySelectorAll('input[data-shows]').forEach(function (box) {
  box.addEventListener('change', function () {
    const field = document.getElementById(box.getAttribute('data-shows'));
    if (field) field.type = box.checked ? 'text' : 'password';
  });
});
