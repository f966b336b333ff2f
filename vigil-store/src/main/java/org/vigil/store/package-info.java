package org.vigil.store;
