<#-- Cartable's page frame for every login page: the same markup as the embedded provider's pages. -->
<#macro registrationLayout bodyClass="" displayInfo=false displayMessage=true displayRequiredFields=false>
<!DOCTYPE html>
<html lang="${(locale.currentLanguageTag)!'fr'}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="robots" content="noindex, nofollow">
  <title>${msg("loginTitle",(realm.displayName!''))}</title>
  <link rel="icon" href="${url.resourcesPath}/img/favicon.ico" sizes="any">
  <link rel="icon" href="${url.resourcesPath}/img/icon.svg" type="image/svg+xml">
  <#if properties.styles?has_content>
    <#list properties.styles?split(' ') as style>
  <link href="${url.resourcesPath}/${style}" rel="stylesheet">
    </#list>
  </#if>
  <#if properties.scripts?has_content>
    <#list properties.scripts?split(' ') as script>
  <script src="${url.resourcesPath}/${script}" defer></script>
    </#list>
  </#if>
</head>
<body class="cartable-login ${bodyClass}">
<main class="cartable-login__card">
  <p class="cartable-login__brand"><img src="${url.resourcesPath}/img/icon.svg" alt="" width="40" height="40"><span>Cartable</span></p>
  <h1><#nested "header"></h1>
  <#if displayMessage && message?has_content && (message.type != 'warning' || !isAppInitiatedAction??)>
  <p class="<#if message.type = 'error'>cartable-login__alert<#else>cartable-login__notice</#if>" role="<#if message.type = 'error'>alert<#else>status</#if>">${kcSanitize(message.summary)?no_esc}</p>
  </#if>
  <#nested "form">
  <#if displayInfo>
  <div class="cartable-login__back"><#nested "info"></div>
  </#if>
</main>
</body>
</html>
</#macro>
