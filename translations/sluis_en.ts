<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>Texts</name>
    <message numerus="yes">
        <source>Your VPN session ends in %n hour(s).</source>
        <translation>
            <numerusform>Your VPN session ends in %n hour.</numerusform>
            <numerusform>Your VPN session ends in %n hours.</numerusform>
        </translation>
    </message>
</context>
</TS>
