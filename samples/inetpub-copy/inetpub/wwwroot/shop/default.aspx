<%@ Page Language="C#" AutoEventWireup="true" %>
<html><body><form id="form1" runat="server"><asp:Label ID="l" runat="server" Text="Shop" /></form></body></html>
