<#-- The sign-in form, as the embedded provider's: identifier, password with « Afficher le mot de passe », « Mot de passe oublié ? ». -->
<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('username','password'); section>
<#if section = "header">
  ${msg("loginAccountTitle")}
<#elseif section = "form">
  <#if messagesPerField.existsError('username','password')>
  <p class="cartable-login__alert" role="alert">${kcSanitize(messagesPerField.getFirstError('username','password'))?no_esc}</p>
  </#if>
  <form id="kc-form-login" class="cartable-login__form" action="${url.loginAction}" method="post">
    <div class="cartable-field">
      <label for="username"><#if !realm.loginWithEmailAllowed>${msg("username")}<#elseif !realm.registrationEmailAsUsername>${msg("usernameOrEmail")}<#else>${msg("email")}</#if></label>
      <input id="username" name="username" type="text" autocomplete="username" value="${(login.username!'')}" required autofocus<#if messagesPerField.existsError('username','password')> aria-invalid="true"</#if>>
    </div>
    <div class="cartable-field">
      <label for="password">${msg("password")}</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required<#if messagesPerField.existsError('username','password')> aria-invalid="true"</#if>>
      <div class="cartable-field__show"><input type="checkbox" id="password-show" data-shows="password"><label for="password-show">${msg("cartableShowPassword")}</label></div>
    </div>
    <#if realm.resetPasswordAllowed>
    <p class="cartable-login__forgot"><a href="${url.loginResetCredentialsUrl}">${msg("doForgotPassword")}</a></p>
    </#if>
    <input type="hidden" id="id-hidden-input" name="credentialId" <#if auth.selectedCredential?has_content>value="${auth.selectedCredential}"</#if>>
    <button class="cartable-button" name="login" id="kc-login" type="submit">${msg("doLogIn")}</button>
  </form>
</#if>
</@layout.registrationLayout>
